#!/usr/bin/perl
# Writes test-geoip.mmdb, a tiny GeoIP2-City database with fictional places, for the tests of
# the mock's keen:ip_to_geo add-on. It uses MaxMind's own writer (Debian package
# libmaxmind-db-writer-perl). Run: perl write-test-geoip.pl test-geoip.mmdb
use strict;
use warnings;

use MaxMind::DB::Writer::Tree;

my %types = (
    city         => 'map',
    continent    => 'map',
    country      => 'map',
    location     => 'map',
    postal       => 'map',
    subdivisions => [ 'array', 'map' ],
    names        => 'map',
    en           => 'utf8_string',
    code         => 'utf8_string',
    iso_code     => 'utf8_string',
    latitude     => 'double',
    longitude    => 'double',
);

sub place {
    my (%p) = @_;
    my %record = (
        city      => { names => { en => $p{city} } },
        continent => { code => 'EU', names => { en => $p{continent} } },
        country   => { iso_code => 'XX', names => { en => $p{country} } },
    );
    $record{subdivisions} = [ { iso_code => 'XX', names => { en => $p{province} } } ] if $p{province};
    $record{postal}       = { code => $p{postal} } if $p{postal};
    $record{location}     = { latitude => $p{latitude}, longitude => $p{longitude} } if defined $p{latitude};
    return \%record;
}

my $tree = MaxMind::DB::Writer::Tree->new(
    ip_version            => 6,
    record_size           => 24,
    database_type         => 'GeoIP2-City',
    languages             => ['en'],
    description           => { en => 'keen-contract-harness test database with fictional places' },
    map_key_type_callback => sub { $types{ $_[0] } },
    # The writer drops reserved networks by default; 203.0.113.0/25 is kept to prove that the
    # database takes precedence over the mock's built-in documentation places.
    remove_reserved_networks => 0,
);

$tree->insert_network('81.2.69.0/24', place(
    city => 'Fixture City', province => 'Fixture Province', country => 'Fixtureland',
    continent => 'Fixture Continent', postal => 'FX-1', latitude => 51.5, longitude => -0.1,
));
$tree->insert_network('2a02:cf40::/32', place(
    city => 'Fixture Port', country => 'Fixtureland', continent => 'Fixture Continent',
));
$tree->insert_network('203.0.113.0/25', place(
    city => 'Database Harbour', province => 'Database Province', country => 'Databaseland',
    continent => 'Fixture Continent', postal => 'DB-203', latitude => 10.25, longitude => 20.5,
));

open my $fh, '>:raw', $ARGV[0] or die "cannot write $ARGV[0]: $!";
$tree->write_tree($fh);
close $fh;
