def log = new File(basedir, 'build.log').text

assert log.contains('BUILD SUCCESS')
assert !(log =~ /\[(UnclosedMongoClient|ClosedSharedMongoClient|MongoClientOutsideConnectionModule|MongoClientPerCall)\]/)
