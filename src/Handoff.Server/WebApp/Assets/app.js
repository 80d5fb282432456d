// Handoff's web page: live lists, the image viewer and sending a folder or a zip. Served by the server itself (no
// CDN) under a Content-Security-Policy that allows only this file, so no inline script anywhere.
'use strict';

// --- Live parts. With data-live-version, a long poll: URL&version=V answers when the facility's transfers changed
// (200, new rows, the new version in a header) or after a while (204); otherwise fetched every data-live-every ms.
const COALESCE_MS = 300;

async function longPoll(element) {
  let version = element.dataset.liveVersion;
  for (;;) {
    try {
      const response = await fetch(element.dataset.live + '&version=' + encodeURIComponent(version), { credentials: 'same-origin', redirect: 'manual', headers: { 'Accept': 'text/html' } });
      if (response.type === 'opaqueredirect' || response.status === 401) { window.location.reload(); return; }
      if (response.status === 200) {
        version = response.headers.get('Handoff-Mailbox-Version') || version;
        const html = await response.text();
        if (html !== element.innerHTML) element.innerHTML = html;
        // A burst of progress comes as many changes: take them together, still well within a second.
        await new Promise((resolve) => setTimeout(resolve, COALESCE_MS));
      } else if (response.status !== 204) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    } catch (e) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

function startLive(element) {
  if (element.dataset.liveVersion !== undefined) { longPoll(element); return; }
  const every = Number(element.dataset.liveEvery || 1000);
  let last = element.innerHTML;
  let busy = false;
  async function tick() {
    if (busy || document.hidden) return;
    busy = true;
    try {
      const response = await fetch(element.dataset.live, { credentials: 'same-origin', redirect: 'manual', headers: { 'Accept': 'text/html' } });
      if (response.type === 'opaqueredirect' || response.status === 401) { window.location.reload(); return; }
      if (response.ok) {
        const html = await response.text();
        if (html !== last) { element.innerHTML = html; last = html; }
      }
    } catch (e) {
      // The next tick tries again: a dropped connection must not stop the page.
    } finally {
      busy = false;
    }
  }
  setInterval(tick, every);
}

// --- The stack viewer: series thumbnails, a canvas that shows one slice, wheel/arrow keys/slider to move, window presets.
function startViewer(viewer) {
  const series = JSON.parse(viewer.dataset.series || '[]');
  const canvas = document.getElementById('viewer-canvas');
  const slider = document.getElementById('viewer-slider');
  const label = document.getElementById('viewer-label');
  const position = document.getElementById('viewer-position');
  const thumbs = document.getElementById('thumbs');
  if (series.length === 0) { label.textContent = 'No images have arrived yet.'; return; }
  let current = 0, index = 0, windowing = '', pending = 0;
  const context = canvas.getContext('2d');

  function url(image) { return windowing ? image + '?window=' + encodeURIComponent(windowing) : image; }
  function show() {
    const images = series[current].images;
    index = Math.max(0, Math.min(index, images.length - 1));
    slider.max = String(images.length);
    slider.value = String(index + 1);
    label.textContent = series[current].label;
    position.textContent = 'Image ' + (index + 1) + ' of ' + images.length;
    const ticket = ++pending;
    const image = new Image();
    image.onload = () => {
      if (ticket !== pending) return;
      canvas.width = image.naturalWidth; canvas.height = image.naturalHeight;
      context.drawImage(image, 0, 0);
      canvas.dataset.shown = images[index];
    };
    image.onerror = () => { if (ticket === pending) position.textContent += ' (cannot be shown here: compressed or not an image)'; };
    image.src = url(images[index]);
  }
  series.forEach((s, i) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'thumb';
    const img = document.createElement('img');
    img.alt = s.label;
    img.loading = 'lazy';
    img.src = s.images[Math.floor(s.images.length / 2)];
    const caption = document.createElement('span');
    caption.textContent = s.label + ' (' + s.images.length + ')';
    button.append(img, caption);
    button.addEventListener('click', () => { current = i; index = Math.floor(s.images.length / 2); show(); });
    thumbs.append(button);
  });
  canvas.addEventListener('wheel', (e) => { e.preventDefault(); index += e.deltaY > 0 ? 1 : -1; show(); }, { passive: false });
  canvas.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowRight') { index++; show(); e.preventDefault(); }
    if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') { index--; show(); e.preventDefault(); }
  });
  slider.addEventListener('input', () => { index = Number(slider.value) - 1; show(); });
  viewer.querySelectorAll('[data-window]').forEach((b) => b.addEventListener('click', () => { windowing = b.dataset.window; show(); }));
  show();
}

// --- Sending: gather DICOM files from a drop, a folder or a zip, and STOW-RS them a group at a time.
const GROUP_FILES = 32;
const GROUP_BYTES = 64 * 1024 * 1024;

async function filesOfEntry(entry, out) {
  if (entry.isFile) {
    out.push(await new Promise((resolve, reject) => entry.file(resolve, reject)));
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) break;
      for (const child of batch) await filesOfEntry(child, out);
    }
  }
}

// A zip's members from its central directory; stored (0) and deflated (8) members, inflated by the browser.
async function filesOfZip(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const view = new DataView(bytes.buffer);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) { end = i; break; }
  }
  if (end < 0) throw new Error(file.name + ' is not a zip file');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const files = [];
  for (let n = 0; n < count; n++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error(file.name + ': damaged zip directory');
    const method = view.getUint16(at + 10, true);
    const compressed = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true), extra = view.getUint16(at + 30, true), comment = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extra + comment;
    if (name.endsWith('/')) continue;
    const dataAt = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const data = bytes.subarray(dataAt, dataAt + compressed);
    let content;
    if (method === 0) content = data;
    else if (method === 8) content = new Uint8Array(await new Response(new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).arrayBuffer());
    else continue;
    files.push(new File([content], name.split('/').pop()));
  }
  return files;
}

async function isDicom(file) {
  if (file.size < 132 || /^DICOMDIR$/i.test(file.name)) return false;
  const magic = new Uint8Array(await file.slice(128, 132).arrayBuffer());
  return magic[0] === 0x44 && magic[1] === 0x49 && magic[2] === 0x43 && magic[3] === 0x4d;
}

async function gather(files) {
  const out = [];
  for (const file of files) {
    if (/\.zip$/i.test(file.name)) out.push(...await filesOfZip(file));
    else out.push(file);
  }
  const dicom = [];
  for (const file of out) if (await isDicom(file)) dicom.push(file);
  return dicom;
}

function groups(files) {
  const result = [];
  let group = [], bytes = 0;
  for (const file of files) {
    if (group.length > 0 && (group.length >= GROUP_FILES || bytes + file.size > GROUP_BYTES)) { result.push(group); group = []; bytes = 0; }
    group.push(file); bytes += file.size;
  }
  if (group.length > 0) result.push(group);
  return result;
}

async function stow(url, token, group) {
  const boundary = 'handoff-' + crypto.randomUUID();
  const parts = [];
  for (const file of group) {
    parts.push('--' + boundary + '\r\nContent-Type: application/dicom\r\n\r\n', file, '\r\n');
  }
  parts.push('--' + boundary + '--\r\n');
  const response = await fetch(url, {
    method: 'POST', credentials: 'same-origin', body: new Blob(parts),
    headers: { 'Content-Type': 'multipart/related; type="application/dicom"; boundary=' + boundary, 'Accept': 'application/dicom+json', 'RequestVerificationToken': token },
  });
  return response;
}

function startSend(form) {
  const chosen = [];
  const zone = document.getElementById('drop-zone');
  const status = document.getElementById('send-status');
  const bar = document.getElementById('send-bar');
  const progress = document.getElementById('send-progress');
  function setBar(done, total) {
    const percent = total === 0 ? 0 : Math.floor((100 * done / total) / 5) * 5;
    bar.className = 'bar-inner w' + percent;
  }
  function describe() { status.textContent = chosen.length + ' files chosen'; progress.hidden = false; }
  document.getElementById('send-files').addEventListener('change', (e) => { chosen.push(...e.target.files); describe(); });
  document.getElementById('send-folder').addEventListener('change', (e) => { chosen.push(...e.target.files); describe(); });
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', async (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    const items = [...e.dataTransfer.items].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
    if (items.length > 0) for (const entry of items) await filesOfEntry(entry, chosen);
    else chosen.push(...e.dataTransfer.files);
    describe();
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = document.getElementById('send-button');
    button.disabled = true;
    progress.hidden = false;
    try {
      const files = await gather(chosen);
      if (files.length === 0) { status.textContent = 'No DICOM files among what was chosen.'; return; }
      const destination = document.getElementById('send-destination').value.trim();
      // One id for the whole send: groups sent again after a dropped connection join the same transfer.
      const sendId = sessionStorage.getItem('handoff-send-' + destination) || crypto.randomUUID();
      sessionStorage.setItem('handoff-send-' + destination, sendId);
      const url = '/dicomweb/to/' + encodeURIComponent(destination) + '/studies?priority=' + encodeURIComponent(document.getElementById('send-priority').value)
        + '&reason=' + encodeURIComponent(document.getElementById('send-reason').value) + '&send=' + sendId
        + (document.getElementById('send-eta').value.trim() ? '&eta=' + encodeURIComponent(document.getElementById('send-eta').value.trim()) : '');
      const total = files.reduce((n, f) => n + f.size, 0);
      let done = 0, transferId = '', refused = 0;
      for (const group of groups(files)) {
        for (let attempt = 1; ; attempt++) {
          let response;
          try { response = await stow(url, form.dataset.token, group); } catch (err) { response = null; }
          if (response && (response.ok || response.status === 202 || response.status === 409)) {
            transferId = response.headers.get('Handoff-Transfer-Id') || transferId;
            if (response.status !== 200) {
              const answer = await response.json().catch(() => ({}));
              refused += ((answer['00081198'] || {}).Value || []).length;
            }
            break;
          }
          if (response && response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
            const problem = await response.json().catch(() => ({}));
            throw new Error(problem.detail || problem.title || ('refused: ' + response.status));
          }
          if (attempt >= 30) throw new Error('the server cannot be reached; send again to resume');
          status.textContent = 'Connection lost; retrying (' + attempt + ')…';
          await new Promise((resolve) => setTimeout(resolve, Math.min(10000, 500 * attempt)));
        }
        done += group.reduce((n, f) => n + f.size, 0);
        setBar(done, total);
        status.textContent = 'Sent ' + Math.round(done / 1048576) + ' of ' + Math.round(total / 1048576) + ' MB';
      }
      sessionStorage.removeItem('handoff-send-' + destination);
      status.textContent = 'Sent ' + files.length + ' files.' + (refused > 0 ? ' Some were refused.' : '');
      if (transferId) {
        const link = document.createElement('a');
        link.href = '/transfers/' + transferId;
        link.id = 'sent-transfer';
        link.textContent = ' Open the transfer';
        status.append(link);
      }
    } catch (err) {
      status.textContent = 'Not sent: ' + err.message;
    } finally {
      button.disabled = false;
    }
  });
}

document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('[data-live]').forEach(startLive);
  const viewer = document.getElementById('viewer');
  if (viewer) startViewer(viewer);
  const send = document.getElementById('send-form');
  if (send) startSend(send);
});
