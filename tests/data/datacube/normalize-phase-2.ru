# W3C RDF Data Cube, section 10.2 (https://www.w3.org/TR/vocab-data-cube/#normalize-algorithm),
# phase 2: push down attachment levels.
PREFIX qb: <http://purl.org/linked-data/cube#>

# Dataset attachments
INSERT {
    ?obs ?comp ?value
} WHERE {
    ?spec qb:componentProperty ?comp ;
          qb:componentAttachment qb:DataSet .
    ?dataset qb:structure [qb:component ?spec];
             ?comp ?value .
    ?obs qb:dataSet ?dataset.
};

# Slice attachments
INSERT {
    ?obs ?comp ?value
} WHERE {
    ?spec qb:componentProperty ?comp;
          qb:componentAttachment qb:Slice .
    ?dataset qb:structure [qb:component ?spec];
             qb:slice ?slice .
    ?slice ?comp ?value .
    ?slice qb:observation ?obs .
};

# Dimension values on slices
INSERT {
    ?obs ?comp ?value
} WHERE {
    ?spec qb:componentProperty ?comp .
    ?comp a qb:DimensionProperty .
    ?dataset qb:structure [qb:component ?spec];
             qb:slice ?slice .
    ?slice ?comp ?value .
    ?slice qb:observation ?obs .
}
