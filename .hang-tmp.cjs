const { spawn } = require("child_process");
const snap = process.argv[2];
const receiver = spawn("zfs", ["receive", "-u", "dst/hangtest"], { stdio: ["pipe", "ignore", "inherit"] });
const sender = spawn("zfs", ["send", snap], { stdio: ["ignore", receiver.stdin, "inherit"] });
receiver.stdin.destroy();
const t0 = Date.now();
setTimeout(() => receiver.kill("SIGTERM"), Number(process.argv[3] ?? 0));
receiver.on("exit", (c, s) => console.log("receiver", c, s, Date.now() - t0));
sender.on("exit", (c, s) => { console.log("sender", c, s, Date.now() - t0); process.exit(0); });
setTimeout(() => { console.log("sender still running after 20s; fd 1 ->", require("fs").readlinkSync(`/proc/${sender.pid}/fd/1`)); 
  try { console.log(require("fs").readFileSync(`/proc/${sender.pid}/stack`, "utf8")); } catch (e) { console.log(e.message); }
  try { console.log(require("child_process").execSync(`ls -la /proc/${sender.pid}/task; cat /proc/${sender.pid}/task/*/stack 2>&1 | head -60`).toString()); } catch (e) { console.log(e.message); }
  sender.kill("SIGKILL"); }, 20000);
