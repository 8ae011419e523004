#!/usr/bin/env node
// Interoperability harness for tests/interop_test.cc: signs and verifies
// credentials with the Digital Bazaar JavaScript stack (jsonld-signatures,
// @digitalbazaar/vc, @digitalbazaar/data-integrity and the eddsa-jcs-2022 /
// eddsa-rdfc-2022 cryptosuites), entirely offline.
//
//   node interop.mjs verify --suite SUITE [--now DATETIME] [OPTIONS] FILE|-
//       prints {"verified": bool, "error": "...", ...}; exit 0 verified,
//       1 not verified, 2 usage or I/O error
//   node interop.mjs sign --suite SUITE --key KEYFILE [--created DATETIME]
//       [OPTIONS] FILE|-
//       prints the signed credential; exit 0, or 1 if signing failed, 2 usage
//   node interop.mjs canonize --suite SUITE [OPTIONS] FILE|-
//       prints the suite's canonical form of the document without its proof
//       (JCS text or canonical N-Quads), for diagnosing mismatches
//
// OPTIONS:
//   --contexts DIR        the conformance contexts folder (index.json maps each
//                         context URL to a file). Default: $ANYCRED_CONTEXTS_DIR,
//                         else ../../../shared/conformance/contexts from here.
//   --document URL=FILE   answer URL with the JSON in FILE (repeatable): a
//                         verification method or controller document that is
//                         not a did:key. For a DID (did:web:…) give its DID
//                         document; DID#fragment is then answered with the
//                         verification method the document lists.
//
// SUITE is eddsa-jcs-2022 or eddsa-rdfc-2022. The document loader never touches
// the network: contexts come from the bundled files (checked against the
// sha256 in index.json), did:key URLs are resolved locally with
// @digitalbazaar/did-method-key (Multikey verification methods), anything else
// is refused.
//
// Every successful verification is followed by two tampered copies (document
// changed, proof changed) that must fail, so that a harness which accepts
// everything cannot make the interop tests pass.

import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as vc from '@digitalbazaar/vc';
import * as didKey from '@digitalbazaar/did-method-key';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {
  createSignCryptosuite as createJcsSignCryptosuite,
  createVerifyCryptosuite as createJcsVerifyCryptosuite
} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {cryptosuite as eddsaRdfc2022Cryptosuite} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import jsonld from 'jsonld';

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

const SUITES = ['eddsa-jcs-2022', 'eddsa-rdfc-2022'];
const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';

class UsageError extends Error {}

function parseArgs(argv) {
  const [command, ...rest] = argv;
  const args = {command, documents: [], positional: []};
  const valued = new Set(['--suite', '--key', '--created', '--now',
    '--contexts', '--document']);
  for(let i = 0; i < rest.length; ++i) {
    const arg = rest[i];
    if(valued.has(arg)) {
      if(i + 1 >= rest.length) {
        throw new UsageError(`${arg} needs a value`);
      }
      const value = rest[++i];
      if(arg === '--document') {
        args.documents.push(value);
      } else {
        args[arg.slice(2)] = value;
      }
    } else if(arg.startsWith('--')) {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      args.positional.push(arg);
    }
  }
  if(!['verify', 'sign', 'canonize'].includes(command)) {
    throw new UsageError(
      'usage: interop.mjs verify|sign|canonize --suite SUITE [...] FILE|-');
  }
  if(!SUITES.includes(args.suite)) {
    throw new UsageError(`--suite must be one of ${SUITES.join(', ')}`);
  }
  if(args.positional.length !== 1) {
    throw new UsageError('exactly one input FILE (or -) is expected');
  }
  if(command === 'sign' && !args.key) {
    throw new UsageError('sign needs --key KEYFILE');
  }
  for(const name of ['created', 'now']) {
    if(args[name] !== undefined && isNaN(new Date(args[name]))) {
      throw new UsageError(`--${name}: not a date-time: ${args[name]}`);
    }
  }
  return args;
}

function readJson(file, what) {
  let text;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch(e) {
    throw new UsageError(`cannot read ${what} ${file}: ${e.message}`);
  }
  try {
    return JSON.parse(text);
  } catch(e) {
    throw new UsageError(`${what} ${file} is not JSON: ${e.message}`);
  }
}

// --- Offline document loader --------------------------------------------

function contextsDir(args) {
  if(args.contexts) {
    return args.contexts;
  }
  if(process.env.ANYCRED_CONTEXTS_DIR) {
    return process.env.ANYCRED_CONTEXTS_DIR;
  }
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, '../../../shared/conformance/contexts');
}

// URL -> parsed context, from index.json; every file must match its sha256.
function loadContexts(dir) {
  const index = readJson(path.join(dir, 'index.json'), 'context index');
  const contexts = new Map();
  for(const [url, entry] of Object.entries(index.contexts || {})) {
    const bytes = readFileSync(path.join(dir, entry.file));
    const digest = createHash('sha256').update(bytes).digest('hex');
    if(entry.sha256 && digest !== entry.sha256) {
      throw new Error(`context file ${entry.file} for ${url} has sha256 ` +
        `${digest}, index.json says ${entry.sha256}`);
    }
    const document = JSON.parse(bytes.toString('utf8'));
    for(const u of [url, ...(entry.aliases || [])]) {
      contexts.set(u, document);
    }
  }
  if(contexts.size === 0) {
    throw new Error(`no contexts found in ${dir}/index.json`);
  }
  return contexts;
}

function createDocumentLoader(args) {
  const contexts = loadContexts(contextsDir(args));
  const documents = new Map();
  for(const spec of args.documents) {
    const eq = spec.indexOf('=');
    if(eq <= 0 || eq === spec.length - 1) {
      throw new UsageError(`--document expects URL=FILE, got "${spec}"`);
    }
    documents.set(spec.slice(0, eq),
      readJson(spec.slice(eq + 1), 'document'));
  }
  const didKeyDriver = didKey.driver();
  didKeyDriver.use({
    multibaseMultikeyHeader: 'z6Mk',
    fromMultibase: Ed25519Multikey.from
  });
  const loaded = [];
  const loader = async url => {
    loaded.push(url);
    let document = contexts.get(url) ?? documents.get(url);
    if(document === undefined && url.startsWith('did:key:')) {
      document = await didKeyDriver.get({url});
    }
    // A DID URL with a fragment (did:web:…#key-1) given as its DID
    // document: answer with the verification method it lists.
    if(document === undefined && url.includes('#')) {
      const controller = documents.get(url.slice(0, url.indexOf('#')));
      const method = (controller?.verificationMethod ?? [])
        .find(m => m.id === url);
      if(method) {
        document = {'@context': MULTIKEY_CONTEXT, ...method};
      }
    }
    if(document === undefined) {
      throw new Error(`document loader: refusing to load "${url}" ` +
        '(offline: not a bundled context, not a did:key, not given with ' +
        '--document)');
    }
    // A fresh copy: jsonld.js and the suites may annotate what they get.
    return {
      contextUrl: null,
      documentUrl: url,
      document: structuredClone(document)
    };
  };
  loader.loaded = loaded;
  return loader;
}

// --- Keys --------------------------------------------------------------------

// Our key-file format: a Multikey JSON with publicKeyMultibase and
// secretKeyMultibase, optionally id and controller (default: did:key).
async function readKeyPair(file) {
  const keyFile = readJson(file, 'key file');
  const {publicKeyMultibase, secretKeyMultibase} = keyFile;
  if(typeof publicKeyMultibase !== 'string' ||
    typeof secretKeyMultibase !== 'string') {
    throw new UsageError(`key file ${file} needs publicKeyMultibase and ` +
      'secretKeyMultibase (an encrypted key file cannot be used here)');
  }
  const controller = keyFile.controller ?? `did:key:${publicKeyMultibase}`;
  const id = keyFile.id ?? `${controller}#${publicKeyMultibase}`;
  return Ed25519Multikey.from({
    '@context': MULTIKEY_CONTEXT,
    type: 'Multikey',
    id,
    controller,
    publicKeyMultibase,
    secretKeyMultibase
  });
}

// --- Suites --------------------------------------------------------------

function verifySuite(suite) {
  return new DataIntegrityProof({
    cryptosuite: suite === 'eddsa-jcs-2022' ?
      createJcsVerifyCryptosuite() : eddsaRdfc2022Cryptosuite
  });
}

function signSuite(suite, signer, created) {
  return new DataIntegrityProof({
    signer,
    date: created,
    cryptosuite: suite === 'eddsa-jcs-2022' ?
      createJcsSignCryptosuite() : eddsaRdfc2022Cryptosuite
  });
}

// Status lists cannot be fetched offline; the proof is what is compared here.
async function checkStatusOffline() {
  return {verified: true, note: 'credentialStatus not checked (offline)'};
}

function errorMessages(error, out = []) {
  if(!error) {
    return out;
  }
  if(Array.isArray(error)) {
    error.forEach(e => errorMessages(e, out));
    return out;
  }
  let message = error.message;
  // jsonld.js puts the useful part (which property, which URL) in `details`.
  const event = error.details?.event;
  if(event) {
    message += ` (${event.code}: ${event.message} ` +
      `${JSON.stringify(event.details ?? {})})`;
  }
  if(message && !out.includes(message)) {
    out.push(message);
  }
  if(error.details?.cause) {
    errorMessages(error.details.cause, out);
  }
  if(Array.isArray(error.errors)) {
    error.errors.forEach(e => errorMessages(e, out));
  }
  if(error.cause) {
    errorMessages(error.cause, out);
  }
  return out;
}

async function verifyOnce(credential, args, documentLoader) {
  const result = await vc.verifyCredential({
    credential,
    suite: verifySuite(args.suite),
    documentLoader,
    checkStatus: checkStatusOffline,
    ...(args.now ? {now: args.now} : {})
  });
  const messages = errorMessages(result.error);
  for(const r of result.results || []) {
    errorMessages(r.error, messages);
  }
  const proofs = (result.results || []).length;
  if(result.verified && proofs === 0) {
    // Never report success without a checked proof.
    return {verified: false, error: 'no proof was checked'};
  }
  return {verified: !!result.verified, error: messages.join('; ')};
}

// Safe-mode JSON-LD expansion (errors on anything that would be dropped):
// the fixtures must pass it so that they can be signed with RDFC suites.
async function checkSafeJsonLd(document, documentLoader) {
  try {
    await jsonld.expand(document, {documentLoader, safe: true, base: null});
    return {ok: true};
  } catch(e) {
    return {ok: false, error: errorMessages(e).join('; ')};
  }
}

function tamperDocument(credential) {
  const copy = structuredClone(credential);
  copy.name = (typeof copy.name === 'string' ? copy.name : '') + ' (tampered)';
  return copy;
}

function tamperProof(credential) {
  const copy = structuredClone(credential);
  const proofs = Array.isArray(copy.proof) ? copy.proof : [copy.proof];
  for(const proof of proofs) {
    if(proof && typeof proof === 'object') {
      proof.created = '1999-01-01T00:00:00Z';
    }
  }
  return copy;
}

async function runVerify(args) {
  const credential = readJson(args.positional[0], 'credential');
  const documentLoader = createDocumentLoader(args);
  const output = await verifyOnce(credential, args, documentLoader);
  const safe = await checkSafeJsonLd(credential, documentLoader);
  output.safeJsonLd = safe.ok;
  if(!safe.ok) {
    output.safeJsonLdError = safe.error;
  }
  if(output.verified) {
    for(const [name, tampered] of [
      ['document', tamperDocument(credential)],
      ['proof', tamperProof(credential)]
    ]) {
      const again = await verifyOnce(tampered, args, documentLoader);
      if(again.verified) {
        output.verified = false;
        output.error = `harness self-check failed: a copy with a tampered ` +
          `${name} also verified`;
        break;
      }
    }
    output.tamperedCopiesRejected = output.verified;
  }
  output.documentsLoaded = [...new Set(documentLoader.loaded)];
  process.stdout.write(JSON.stringify(output) + '\n');
  return output.verified ? EXIT_OK : EXIT_FAILED;
}

async function runSign(args) {
  const credential = readJson(args.positional[0], 'credential');
  const keyPair = await readKeyPair(args.key);
  const documentLoader = createDocumentLoader(args);
  const suite = signSuite(args.suite, keyPair.signer(), args.created);
  try {
    const signed = await vc.issue({credential, suite, documentLoader});
    process.stdout.write(JSON.stringify(signed, null, 2) + '\n');
    return EXIT_OK;
  } catch(e) {
    process.stderr.write(`error: signing failed: ${
      errorMessages(e).join('; ')}\n`);
    return EXIT_FAILED;
  }
}

async function runCanonize(args) {
  const document = readJson(args.positional[0], 'document');
  delete document.proof;
  if(args.suite === 'eddsa-jcs-2022') {
    process.stdout.write(
      await createJcsVerifyCryptosuite().canonize(document));
    return EXIT_OK;
  }
  const documentLoader = createDocumentLoader(args);
  try {
    process.stdout.write(
      await eddsaRdfc2022Cryptosuite.canonize(document, {documentLoader}));
    return EXIT_OK;
  } catch(e) {
    process.stderr.write(`error: ${errorMessages(e).join('; ')}\n`);
    return EXIT_FAILED;
  }
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
    if(args.command === 'verify') {
      return await runVerify(args);
    }
    if(args.command === 'sign') {
      return await runSign(args);
    }
    return await runCanonize(args);
  } catch(e) {
    if(e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n`);
      return EXIT_USAGE;
    }
    const message = errorMessages(e).join('; ') || String(e);
    if(args?.command === 'verify') {
      process.stdout.write(
        JSON.stringify({verified: false, error: message}) + '\n');
      return EXIT_FAILED;
    }
    process.stderr.write(`error: ${message}\n`);
    return EXIT_FAILED;
  }
}

process.exitCode = await main();
