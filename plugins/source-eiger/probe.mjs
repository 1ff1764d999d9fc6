import * as h5wasm from 'h5wasm/node';
const M = await h5wasm.ready;
const f = new h5wasm.File('/tmp/eg/a/series_master.h5', 'r');
const show = (p) => { const o = f.get(p); if (!o) return console.log(p, 'null');
  if (o.constructor.name === 'Dataset') { const v = o.value; console.log(p, o.constructor.name, JSON.stringify(o.metadata).slice(0,200), typeof v, v?.constructor?.name, String(v).slice(0,60), Object.fromEntries(Object.entries(o.attrs).map(([k,a])=>[k,a.value]))); }
  else console.log(p, o.constructor.name, o); };
for (const p of ['/entry/definition','/entry/start_time','/entry/data/data_000001','/entry/data/data','/entry/instrument/detector/beam_center_x','/entry/instrument/detector/saturation_value','/entry/instrument/detector/detectorSpecific/nimages','/entry/instrument/detector/detectorSpecific/element','/entry/instrument/detector/module/module_offset','/entry/instrument/detector/module/data_size','/entry/sample/transformations/omega','/entry/instrument/detector/pixel_mask','/entry/source/name']) show(p);
console.log(f.get('/entry/instrument/detector/detectorSpecific').keys());
console.log(f.attrs, f.get('/entry').attrs.NX_class.value);
