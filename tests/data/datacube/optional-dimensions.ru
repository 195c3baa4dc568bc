# Breaks IC-6: declares every dimension of every data structure definition optional.
PREFIX qb: <http://purl.org/linked-data/cube#>

INSERT { ?spec qb:componentRequired false } WHERE { ?spec qb:dimension ?dimension }
