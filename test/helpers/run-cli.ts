import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Runs one of the program's entry points as a member would, with a private DATA_DIR and no network settings. */
export function runCli(
  script: string,
  args: string[],
  options: { dataDir: string; stdin?: string; env?: Record<string, string> },
) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        DATA_DIR: options.dataDir,
        LOG_LEVEL: "warn",
        TELEGRAM_BOT_TOKEN: "",
        OPENAI_API_KEY: "",
        OPENAI_BASE_URL: "",
        EMBEDDINGS_MODEL: "",
        ...options.env,
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? "");
  });
}
