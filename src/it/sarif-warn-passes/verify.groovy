import com.fasterxml.jackson.databind.ObjectMapper
import com.networknt.schema.InputFormat
import com.networknt.schema.SchemaRegistry
import com.networknt.schema.SpecificationVersion

def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log =~ /\[WARNING\] .*OrderHandler\.java:\[9,\d+\] \[MongoClientOutsideConnectionModule\]/

def schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
    .getSchema(Thread.currentThread().contextClassLoader.getResourceAsStream('schema/sarif-schema-2.1.0.json')
        ?: ObjectMapper.getResourceAsStream('/schema/sarif-schema-2.1.0.json'))
def results = { String name ->
  def text = new File(basedir, "target/${name}").text
  def errors = schema.validate(text, InputFormat.JSON)
  assert errors.isEmpty() : errors.toString()
  new ObjectMapper().readTree(text).at('/runs/0/results')
}

// Main sources: the warning is a SARIF warning.
def main = results('mongo-guard.sarif')
assert main.size() == 1
assert main.get(0).get('ruleId').asText() == 'MongoClientOutsideConnectionModule'
assert main.get(0).get('level').asText() == 'warning'

// Test sources, in their own file: the fixture's own client is fine; the leak is reported.
def test = results('mongo-guard-test.sarif')
assert test.size() == 1
assert test.get(0).get('ruleId').asText() == 'UnclosedMongoClient'
assert test.get(0).at('/locations/0/physicalLocation/artifactLocation/uri').asText() == 'src/test/java/com/acme/web/LeakyFixture.java'
assert test.get(0).get('level').asText() == 'warning'
