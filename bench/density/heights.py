"""Page heights (document scrollHeight, px) of the demo pages in headless Chromium at 1366x900.
usage: heights.py ROOT_URL page1 page2 ...  (chromedriver on PATH)"""
import json, subprocess, sys, time, urllib.request, socket

def call(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req, timeout=60))["value"]

s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
drv = subprocess.Popen(["chromedriver", f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
base = f"http://127.0.0.1:{port}"
for _ in range(50):
    try: call("GET", base + "/status"); break
    except Exception: time.sleep(0.2)
caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
    "binary": "/usr/bin/chromium", "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1366,900"]}}}}
sid = call("POST", base + "/session", caps)["sessionId"]
try:
    root, pages = sys.argv[1], sys.argv[2:]
    total = 0
    for p in pages:
        call("POST", f"{base}/session/{sid}/url", {"url": root + p})
        time.sleep(0.5)
        h = call("POST", f"{base}/session/{sid}/execute/sync", {"script": "return document.documentElement.scrollHeight", "args": []})
        print(f"{h:6d}  {p}")
        total += h
    print(f"{total:6d}  total")
finally:
    call("DELETE", f"{base}/session/{sid}")
    drv.terminate()
