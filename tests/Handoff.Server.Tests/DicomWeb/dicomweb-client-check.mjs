// Drives a Handoff server with dicomweb-client, the DICOMweb client OHIF uses, from Node (XMLHttpRequest from xhr2),
// and prints what it saw as one JSON line for the C# test to check:
//   node dicomweb-client-check.mjs <dicomweb base URL> <facility key> <patient ID>
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';

const require = createRequire(import.meta.url);
globalThis.XMLHttpRequest = require('xhr2');
const { api } = require('dicomweb-client');

const [url, key, patientId] = process.argv.slice(2);
const client = new api.DICOMwebClient({ url, headers: { Authorization: `Bearer ${key}` } });

const studies = await client.searchForStudies({ queryParams: { PatientID: patientId } });
const studyUid = studies[0]['0020000D'].Value[0];
const series = await client.searchForSeries({ studyInstanceUID: studyUid });
const seriesUid = series[0]['0020000E'].Value[0];
const instances = await client.searchForInstances({ studyInstanceUID: studyUid, seriesInstanceUID: seriesUid });
const sopUid = instances[0]['00080018'].Value[0];
const metadata = await client.retrieveStudyMetadata({ studyInstanceUID: studyUid });
const instance = await client.retrieveInstance({ studyInstanceUID: studyUid, seriesInstanceUID: seriesUid, sopInstanceUID: sopUid });
const frames = await client.retrieveInstanceFrames({ studyInstanceUID: studyUid, seriesInstanceUID: seriesUid, sopInstanceUID: sopUid, frameNumbers: [1] });
const study = await client.retrieveStudy({ studyInstanceUID: studyUid });

const sha256 = (buffer) => createHash('sha256').update(Buffer.from(buffer)).digest('hex');
console.log(JSON.stringify({
  studies: studies.map((s) => s['0020000D'].Value[0]),
  seriesCount: series.length,
  instanceCount: instances.length,
  metadataCount: metadata.length,
  sopUid,
  instanceSha256: sha256(instance),
  frameBytes: frames.map((f) => f.byteLength),
  studyInstanceSha256: study.map(sha256),
}));
