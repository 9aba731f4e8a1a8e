import com.fasterxml.jackson.databind.ObjectMapper
import com.networknt.schema.InputFormat
import com.networknt.schema.SchemaRegistry
import com.networknt.schema.SpecificationVersion
import java.util.regex.Pattern

def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert !log.contains('Xk9-unsafe-Pa55w0rd')

// The report: valid SARIF 2.1.0, one rule per check, one result per finding.
def text = new File(basedir, 'target/mongo-guard.sarif').text
assert !text.contains('Xk9-unsafe-Pa55w0rd')
def schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
    .getSchema(ObjectMapper.getResourceAsStream('/schema/sarif-schema-2.1.0.json')
        ?: Thread.currentThread().contextClassLoader.getResourceAsStream('schema/sarif-schema-2.1.0.json'))
def errors = schema.validate(text, InputFormat.JSON)
assert errors.isEmpty() : errors.toString()

def run = new ObjectMapper().readTree(text).get('runs').get(0)
assert run.at('/automationDetails/id').asText() == 'mongo-guard/target/'
def rules = run.get('tool').get('driver').get('rules').collect { it.get('id').asText() }
assert rules == ['ClosedSharedMongoClient', 'HardcodedMongoCredentials', 'MongoClientOutsideConnectionModule', 'MongoClientPerCall', 'UnclosedMongoClient']
def results = run.get('results')
assert results.size() == 2
def byRule = results.collectEntries { [(it.get('ruleId').asText()): it] }

def password = byRule['HardcodedMongoCredentials']
assert password.get('level').asText() == 'error'
assert password.get('message').get('text').asText().contains('"mongodb://shop:****@db.acme.example/shop"')
def passwordLocation = password.at('/locations/0/physicalLocation')
assert passwordLocation.at('/artifactLocation/uri').asText() == 'src/main/java/com/acme/db/Settings.java'
assert passwordLocation.at('/artifactLocation/uriBaseId').asText() == '%SRCROOT%'
assert passwordLocation.at('/region/startLine').asInt() == 4

def creation = byRule['MongoClientOutsideConnectionModule']
assert creation.get('level').asText() == 'error'
def creationLocation = creation.at('/locations/0/physicalLocation')
assert creationLocation.at('/artifactLocation/uri').asText() == 'src/main/java/com/acme/web/OrderHandler.java'
assert creationLocation.at('/region/startLine').asInt() == 9
assert creationLocation.at('/region/endLine').asInt() == 9
assert creationLocation.at('/region/startColumn').asInt() < creationLocation.at('/region/endColumn').asInt()
assert !creation.at('/partialFingerprints').isEmpty()
assert new URI(run.at('/originalUriBaseIds/%SRCROOT%/uri').asText()).path == basedir.toURI().path

// The problem matcher of the CI guide annotates each finding once: Maven prints every error
// twice, but only the first time is the diagnostic's line followed by the bare link line.
def matcher = new ObjectMapper().readTree(new File(basedir, '../../../../docs/setup/mongo-guard-problem-matcher.json'))
def first = matcher.at('/problemMatcher/0/pattern/0')
def second = Pattern.compile(matcher.at('/problemMatcher/0/pattern/1/regexp').asText())
def regexp = Pattern.compile(first.get('regexp').asText())
def lines = log.readLines()
def annotated = []
for (int i = 0; i + 1 < lines.size(); i++) {
  def m = regexp.matcher(lines[i])
  if (m.matches() && second.matcher(lines[i + 1]).matches()) {
    annotated << [m.group(first.get('file').asInt()).replaceFirst('.*/src/', 'src/'),
                  m.group(first.get('line').asInt()) as int,
                  m.group(first.get('column').asInt()) as int,
                  m.group(first.get('code').asInt()),
                  m.group(first.get('severity').asInt())]
  }
}
assert annotated == [
    ['src/main/java/com/acme/db/Settings.java', 4, 29, 'HardcodedMongoCredentials', 'ERROR'],
    ['src/main/java/com/acme/web/OrderHandler.java', 9, 50, 'MongoClientOutsideConnectionModule', 'ERROR']]
