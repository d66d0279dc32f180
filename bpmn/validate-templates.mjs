// Validates the element templates in .camunda/element-templates/ and their use in the BPMN files beside this
// script; `npm run validate-templates` runs it (bin/check-bpmn runs it in CI).
//
// 1. Every template against Camunda's element-templates JSON schema (the Camunda 7 one, from
//    @camunda/element-templates-json-schema) with @bpmn-io/element-templates-validator, the validator Camunda
//    Modeler itself uses.
// 2. What the schema cannot say: ids unique and named dev.upskill.journey.<topic>, the wiring (camunda:type
//    external and camunda:topic) fixed as Hidden properties, and each default value passing its own constraints.
// 3. The diagrams: every external service task names an existing template (camunda:modelerTemplate and its
//    version) for its own topic, and carries exactly that template's input parameters with values that pass
//    the template's constraints, so a hand edit cannot break what the workers read.
//
// Prints one line per problem and exits 1 if there is any.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { validate, getSchemaVersion } from '@bpmn-io/element-templates-validator';
import { BpmnModdle } from 'bpmn-moddle';

const here = fileURLToPath(new URL('.', import.meta.url));
const templatesDir = join(here, '.camunda', 'element-templates');
const camundaModdle = JSON.parse(readFileSync(join(here, 'node_modules', 'camunda-bpmn-moddle', 'resources',
  'camunda.json'), 'utf8'));
const ID_PREFIX = 'dev.upskill.journey.';

const problems = [];
const problem = (where, message) => problems.push(`${where}: ${message}`);

// --- 1 and 2: the templates -------------------------------------------------------------------------------

const templates = new Map(); // id@version -> { template, file, topic, inputs: property[] }
const invalid = new Set(); // id@version of templates the schema rejected
const templateFiles = readdirSync(templatesDir).filter(name => name.endsWith('.json')).sort();
if (templateFiles.length === 0) {
  problem(templatesDir, 'no element templates (*.json) found');
}

for (const file of templateFiles) {
  const where = `.camunda/element-templates/${file}`;
  let parsed;
  try {
    parsed = JSON.parse(readFileSync(join(templatesDir, file), 'utf8'));
  } catch (e) {
    problem(where, `not valid JSON: ${e.message}`);
    continue;
  }
  const list = Array.isArray(parsed) ? parsed : [ parsed ];
  list.forEach((template, index) => checkTemplate(template, `${where} [${index}]${idOf(template)}`, file));
}

function idOf(template) {
  return template && typeof template.id === 'string' ? ` (${template.id})` : '';
}

function checkTemplate(template, where, file) {
  const { valid, errors } = validate(template);
  if (!valid) {
    // The schema is oneOf(a template, an array of templates): for a template those two errors are noise.
    const useful = errors.filter(error => !error.schemaPath.startsWith('#/oneOf'));
    for (const error of useful.length ? useful : errors) {
      problem(where, `schema: ${describePath(template, error.instancePath ?? error.dataPath)}: ${error.message}`);
    }
    invalid.add(`${template && template.id}@${template && template.version}`);
    return;
  }
  const properties = template.properties;
  const hidden = name => properties.find(p => p.binding.type === 'property' && p.binding.name === name);
  const type = hidden('camunda:type');
  const topicProperty = hidden('camunda:topic');
  if (!type || type.type !== 'Hidden' || type.value !== 'external') {
    problem(where, 'must fix camunda:type = "external" as a Hidden property binding');
  }
  if (!topicProperty || topicProperty.type !== 'Hidden' || typeof topicProperty.value !== 'string') {
    problem(where, 'must fix camunda:topic as a Hidden property binding');
    return;
  }
  const topic = topicProperty.value;
  if (template.id !== ID_PREFIX + topic) {
    problem(where, `id must be "${ID_PREFIX}${topic}" (its topic)`);
  }
  if (basename(file, '.json') !== topic) {
    problem(where, `file must be named ${topic}.json (its topic)`);
  }
  if (!template.appliesTo.every(type => type === 'bpmn:ServiceTask')) {
    problem(where, 'must apply to bpmn:ServiceTask only');
  }
  if (!Number.isInteger(template.version)) {
    problem(where, 'needs an integer version (the diagrams record it as camunda:modelerTemplateVersion)');
  }
  const inputs = properties.filter(p => p.binding.type === 'camunda:inputParameter');
  for (const input of inputs) {
    const error = valueProblem(input, input.value);
    if (error) {
      problem(where, `input ${input.binding.name}: the default ${error}`);
    }
  }
  const key = `${template.id}@${template.version}`;
  if (templates.has(key)) {
    problem(where, `template ${key} is defined twice (also in ${templates.get(key).file})`);
  }
  for (const other of templates.values()) {
    if (other.topic === topic && other.template.id !== template.id) {
      problem(where, `topic ${topic} already has the template ${other.template.id} (${other.file})`);
    }
  }
  templates.set(key, { template, file, topic, inputs });
}

/** 'properties[2] ("Topic").binding.type' for a JSON pointer like /properties/2/binding/type. */
function describePath(template, pointer) {
  if (!pointer) {
    return 'the template';
  }
  const parts = pointer.split('/').slice(1);
  let node = template;
  let text = '';
  for (const part of parts) {
    node = node == null ? undefined : node[part];
    if (/^\d+$/.test(part)) {
      text += `[${part}]`;
      if (node && typeof node.label === 'string') {
        text += ` ("${node.label}")`;
      }
    } else {
      text += (text ? '.' : '') + part;
    }
  }
  return text;
}

/** Why a value breaks a property's constraints or choices, or null when it is fine. */
function valueProblem(property, value) {
  const text = value == null ? '' : String(value);
  const constraints = property.constraints || {};
  if (constraints.notEmpty && text.trim() === '') {
    return 'is empty';
  }
  if (constraints.pattern) {
    const pattern = typeof constraints.pattern === 'string' ? constraints.pattern : constraints.pattern.value;
    if (!new RegExp(pattern).test(text)) {
      const message = constraints.pattern.message ? ` (${constraints.pattern.message})` : '';
      return `"${text}" does not match ${pattern}${message}`;
    }
  }
  if (property.type === 'Dropdown' && !property.choices.some(choice => choice.value === text)) {
    return `"${text}" is not one of ${property.choices.map(choice => choice.value).join(', ')}`;
  }
  return null;
}

// --- 3: the diagrams -------------------------------------------------------------------------------------

const moddle = new BpmnModdle({ camunda: camundaModdle });
const bpmnFiles = readdirSync(here).filter(name => name.endsWith('.bpmn')).sort();
const topicsUsed = new Set();

for (const file of bpmnFiles) {
  let definitions;
  try {
    ({ rootElement: definitions } = await moddle.fromXML(readFileSync(join(here, file), 'utf8')));
  } catch (e) {
    problem(file, `cannot be read: ${e.message}`);
    continue;
  }
  for (const task of serviceTasks(definitions)) {
    checkTask(task, `${file} ${task.id}`);
  }
}

function serviceTasks(definitions) {
  const found = [];
  const visit = element => {
    if (element.$instanceOf('bpmn:ServiceTask')) {
      found.push(element);
    }
    (element.flowElements || []).forEach(visit);
  };
  (definitions.rootElements || []).filter(e => e.$instanceOf('bpmn:Process')).forEach(visit);
  return found;
}

function checkTask(task, where) {
  const topic = task.get('camunda:topic');
  if (task.get('camunda:type') !== 'external' || !topic) {
    problem(where, 'every service task must be an external task with a topic (camunda:type="external", '
      + 'camunda:topic); apply the template for its worker in Camunda Modeler');
    return;
  }
  topicsUsed.add(topic);
  const id = task.get('camunda:modelerTemplate');
  const version = task.get('camunda:modelerTemplateVersion');
  if (!id) {
    problem(where, `topic ${topic} has no element template applied (camunda:modelerTemplate); apply `
      + `"${ID_PREFIX}${topic}" in Camunda Modeler`);
    return;
  }
  const entry = templates.get(`${id}@${version}`);
  if (!entry) {
    problem(where, `uses template ${id} version ${version}, which ${invalid.has(`${id}@${version}`)
      ? 'is invalid (see above)' : 'is not in .camunda/element-templates/'}`);
    return;
  }
  if (entry.topic !== topic) {
    problem(where, `camunda:topic is "${topic}" but its template ${id} fixes "${entry.topic}"`);
  }
  const parameters = inputParameters(task);
  for (const input of entry.inputs) {
    const name = input.binding.name;
    if (!parameters.has(name)) {
      problem(where, `input parameter ${name} (from template ${id}) is missing`);
      continue;
    }
    const error = valueProblem(input, parameters.get(name));
    if (error) {
      problem(where, `input parameter ${name} ${error}`);
    }
  }
  for (const name of parameters.keys()) {
    if (!entry.inputs.some(input => input.binding.name === name)) {
      problem(where, `input parameter ${name} is not one template ${id} defines`);
    }
  }
}

/** The task's camunda:inputParameter values by name (plain text values; anything else reads as null). */
function inputParameters(task) {
  const parameters = new Map();
  const values = task.extensionElements ? task.extensionElements.values || [] : [];
  for (const element of values.filter(v => v.$instanceOf('camunda:InputOutput'))) {
    for (const parameter of element.inputParameters || []) {
      parameters.set(parameter.name, typeof parameter.value === 'string' ? parameter.value : null);
    }
  }
  return parameters;
}

// --- report ------------------------------------------------------------------------------------------------

const summary = `${templates.size} element templates (schema @camunda/element-templates-json-schema `
  + `${getSchemaVersion()}), ${bpmnFiles.length} BPMN files, topics used: ${[ ...topicsUsed ].sort().join(', ')}`;
if (problems.length) {
  console.error(problems.map(line => `  ${line}`).join('\n'));
  console.error(`validate-templates: ${problems.length} problem(s) in ${summary}`);
  process.exit(1);
}
console.log(`validate-templates: OK: ${summary}`);
