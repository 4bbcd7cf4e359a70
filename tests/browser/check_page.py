#!/usr/bin/env python3
"""Opens a gallery page in headless Chromium and checks it as a reader's browser would.

Chromium is driven over its DevTools pipe (--remote-debugging-pipe: JSON messages ended by a NUL on
file descriptors 3 and 4), with nothing but Python's standard library and Debian's chromium package.
Checks: the first figure's pause and step buttons pause it and step it; every <img> loaded (naturalWidth > 0); every <video> has its current frame (readyState >= 2)
or, where this Chromium cannot decode it, the page fell back to the GIF as it is meant to; no console
error, exception or failed load; every href and src resolves to an existing file (and a #fragment to
an element). Takes a screenshot per width. Exit status: 0 pass, 1 fail, 77 Chromium absent (skipped).

usage: check_page.py PAGE.html OUTDIR [FALLBACKS]
FALLBACKS: how many figures should show their GIF because their MP4 cannot play (default 0).
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

SKIP = 77
WAIT_SECONDS = 60  # a bound on a hung browser, not a timing assertion

# Runs in the page once it has loaded: waits for every image and video to settle, then reports.
CHECK_SCRIPT = r"""
(async () => {
  const settled = (el) => el.tagName === 'IMG' ? el.complete
      : (el.readyState >= 2 || el.error !== null || el.dataset.fallback === 'gif');
  for (let i = 0; i < 400; ++i) {
    const media = [...document.querySelectorAll('img, video')];
    if (media.every(settled)) break;
    await new Promise(r => setTimeout(r, 50));
  }
  // Chromium may suspend videos off screen before their first frame: each one that has none yet is
  // brought into view, as a reader scrolling would, and given its time to decode.
  for (const video of document.querySelectorAll('video')) {
    if (video.readyState >= 2 || video.error) continue;
    video.scrollIntoView();
    await new Promise(r => { video.addEventListener('loadeddata', r, {once: true}); setTimeout(r, 10000); });
  }
  window.scrollTo(0, 0);
  const abs = (u) => new URL(u, document.baseURI).href;
  // The buttons of the first figure that has them: pause, then a step forward twice and back once.
  let stepping = 'no figure with buttons';
  const figure = [...document.querySelectorAll('figure[data-steps]')].find(f => !f.querySelector('.player').hidden);
  if (figure) {
    const video = figure.querySelector('video'), where = figure.querySelector('output');
    const click = async (action) => {
      const seeked = new Promise(r => video.addEventListener('seeked', r, {once: true}));
      figure.querySelector(`[data-action=${action}]`).click();
      if (action !== 'play') await seeked;
    };
    await click('play');
    const n = figure.dataset.steps.split(' ').length, seen = [];
    for (const action of ['forward', 'forward', 'back']) { await click(action); seen.push(where.textContent); }
    const first = Number(seen[0].match(/step (\d+)/)[1]);
    const expected = [first, first % n + 1, first].map(k => `step ${k} of ${n}`);
    stepping = video.paused && JSON.stringify(seen) === JSON.stringify(expected) ? 'ok'
        : `paused ${video.paused}, saw ${JSON.stringify(seen)}, expected ${JSON.stringify(expected)}`;
  }
  return {
    stepping,
    title: document.title,
    images: [...document.images].map(i => ({src: i.currentSrc || i.src, width: i.naturalWidth, alt: i.alt})),
    videos: [...document.querySelectorAll('video')].map(v => ({
      src: v.currentSrc || v.src, readyState: v.readyState, error: v.error ? v.error.code : 0})),
    fallbacks: document.querySelectorAll('[data-fallback="gif"]').length,
    h264: document.createElement('video').canPlayType('video/mp4; codecs="avc1.640028"'),
    links: [...document.querySelectorAll('[href], [src], [poster]')].flatMap(e =>
        ['href', 'src', 'poster'].filter(a => e.hasAttribute(a)).map(a => abs(e.getAttribute(a)))),
    ids: [...document.querySelectorAll('[id]')].map(e => e.id),
    figures: document.querySelectorAll('figure').length,
    buttons: document.querySelectorAll('button').length,
    height: document.documentElement.scrollHeight,
  };
})()
"""


class Browser:
    """One headless Chromium and one page in it."""

    def __init__(self, chromium, profile):
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def fds():  # Chromium reads commands on fd 3 and writes answers on fd 4
            # Copies first: a pipe end may already be 3 or 4, and dup2 onto itself keeps close-on-exec.
            read_end, write_end = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        args = [chromium, '--headless', '--remote-debugging-pipe', '--no-first-run', '--no-default-browser-check',
                '--disable-gpu', '--disable-extensions', '--mute-audio', '--hide-scrollbars',
                '--autoplay-policy=no-user-gesture-required', f'--user-data-dir={profile}', 'about:blank']
        if os.geteuid() == 0:
            args.insert(1, '--no-sandbox')  # Chromium refuses to run as root with its sandbox
        self.log = tempfile.TemporaryFile()  # its chatter (D-Bus, GPU): kept for a failure's message
        self.process = subprocess.Popen(args, preexec_fn=fds, close_fds=False, stdin=subprocess.DEVNULL,
                                        stdout=self.log, stderr=self.log)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buffer = b''
        self.next_id = 0
        self.events = []
        self.session = None

    def close(self):
        try:
            self.send('Browser.close', session=False)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self.to_chrome)
        os.close(self.from_chrome)
        self.log.close()

    def _read_message(self, deadline):
        while b'\0' not in self.buffer:
            if time.monotonic() > deadline:
                raise TimeoutError('Chromium did not answer')
            chunk = os.read(self.from_chrome, 1 << 20)
            if not chunk:
                self.log.seek(0)
                raise RuntimeError('Chromium closed the pipe: ' + self.log.read().decode(errors='replace')[-2000:])
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b'\0', 1)
        return json.loads(message)

    def send(self, method, params=None, session=True):
        self.next_id += 1
        message = {'id': self.next_id, 'method': method, 'params': params or {}}
        if session and self.session:
            message['sessionId'] = self.session
        os.write(self.to_chrome, json.dumps(message).encode() + b'\0')
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            answer = self._read_message(deadline)
            if answer.get('id') == self.next_id:
                if 'error' in answer:
                    raise RuntimeError(f'{method}: {answer["error"]}')
                return answer['result']
            self.events.append(answer)

    def wait_for(self, method):
        deadline = time.monotonic() + WAIT_SECONDS
        while not any(e.get('method') == method for e in self.events):
            self.events.append(self._read_message(deadline))

    def open_page(self):
        target = self.send('Target.createTarget', {'url': 'about:blank'}, session=False)['targetId']
        self.session = self.send('Target.attachToTarget', {'targetId': target, 'flatten': True},
                                 session=False)['sessionId']
        for domain in ('Page', 'Runtime', 'Log', 'Network'):
            self.send(domain + '.enable')


def problems_of(events):
    """Console errors, uncaught exceptions and failed loads, in words."""
    found = []
    for e in events:
        method, params = e.get('method'), e.get('params', {})
        if method == 'Runtime.consoleAPICalled' and params.get('type') in ('error', 'assert'):
            found.append('console.error: ' + ' '.join(str(a.get('value', a.get('description'))) for a in params['args']))
        elif method == 'Runtime.exceptionThrown':
            found.append('exception: ' + params['exceptionDetails'].get('exception', {}).get('description', str(params)))
        elif method == 'Log.entryAdded' and params['entry'].get('level') == 'error':
            found.append(f'console: {params["entry"].get("text")} {params["entry"].get("url", "")}')
        elif method == 'Network.loadingFailed' and not params.get('canceled'):
            found.append(f'load failed: {params.get("errorText")}')
    return found


def check(page, outdir, widths, chromium, expected_fallbacks):
    page = os.path.abspath(page)
    url = 'file://' + urllib.parse.quote(page)
    failures = []
    profile = tempfile.mkdtemp(prefix='convanim-chromium-')
    browser = Browser(chromium, profile)
    try:
        browser.open_page()
        for name, (width, height) in widths:
            browser.events.clear()
            browser.send('Emulation.setDeviceMetricsOverride',
                         {'width': width, 'height': height, 'deviceScaleFactor': 1, 'mobile': width < 600})
            browser.send('Page.navigate', {'url': url})
            browser.wait_for('Page.loadEventFired')
            result = browser.send('Runtime.evaluate', {'expression': CHECK_SCRIPT, 'awaitPromise': True,
                                                       'returnByValue': True})
            if 'exceptionDetails' in result:
                failures.append(f'{name}: the check script failed: {result["exceptionDetails"]}')
                continue
            report = result['result']['value']
            failures += [f'{name}: {p}' for p in problems_of(browser.events)]
            failures += check_report(report, name, expected_fallbacks)
            if name == 'projector':
                browser.send('Runtime.evaluate', {'expression': "document.getElementById('large-type').click()"})
            shot = browser.send('Page.captureScreenshot', {'format': 'png'})
            path = os.path.join(outdir, f'page_{name}.png')
            with open(path, 'wb') as out:
                out.write(base64.b64decode(shot['data']))
            print(f'{name} {width}x{height}: {len(report["images"])} images, {len(report["videos"])} videos '
                  f'({report["fallbacks"]} shown as GIF), {report["figures"]} figures, {report["buttons"]} buttons, '
                  f'{len(report["links"])} links; H.264: "{report["h264"]}"; page height {report["height"]} px; '
                  f'screenshot {path}')
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)
    return failures


def check_report(report, name, expected_fallbacks):
    failures = []
    if report['stepping'] != 'ok':
        failures.append(f'{name}: the pause and step buttons: {report["stepping"]}')
    if report['fallbacks'] != expected_fallbacks:
        failures.append(f'{name}: {report["fallbacks"]} figures fell back to the GIF, expected {expected_fallbacks}')
    if report['figures'] == 0:
        failures.append(f'{name}: no <figure> on the page')
    for image in report['images']:
        if image['width'] <= 0:
            failures.append(f'{name}: image not loaded: {image["src"]}')
        if not image['alt']:
            failures.append(f'{name}: image without alt text: {image["src"]}')
    for video in report['videos']:
        if video['readyState'] < 2:
            failures.append(f'{name}: video not playable (readyState {video["readyState"]}, error {video["error"]}): '
                            f'{video["src"]}')
    for link in sorted(set(report['links'])):
        parsed = urllib.parse.urlparse(link)
        if parsed.scheme != 'file':
            failures.append(f'{name}: a link off the page\'s files (no network): {link}')
            continue
        path = urllib.parse.unquote(parsed.path)
        if not os.path.exists(path):
            failures.append(f'{name}: broken link: {link}')
        elif parsed.fragment and parsed.fragment not in report['ids']:
            failures.append(f'{name}: broken anchor: {link}')
    return failures


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    page, outdir = argv[1], argv[2]
    expected_fallbacks = int(argv[3]) if len(argv) > 3 else 0
    # The projector's screenshot is taken with the page's large type on.
    widths = [('desktop', (1280, 900)), ('phone', (390, 844)), ('projector', (1920, 1080))]
    chromium = shutil.which('chromium') or shutil.which('chromium-browser')
    if not chromium:
        print('SKIPPED: the browser check needs Chromium, which is not installed; '
              'install it with `bash scripts/setup.sh --browser` (Debian: apt-get install chromium)')
        return SKIP
    os.makedirs(outdir, exist_ok=True)
    failures = check(page, outdir, widths, chromium, expected_fallbacks)
    for failure in failures:
        print('FAIL', failure)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
