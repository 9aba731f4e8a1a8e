def log = new File(basedir, 'build.log').text

// Same project and configuration as outside-module-fails, with the handler using the shared client.
assert log.contains('BUILD SUCCESS')
assert !log.contains('[MongoClientOutsideConnectionModule]')
assert new File(basedir, 'target/classes/com/acme/web/OrderHandler.class').isFile()
