import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { aptInstall, exec } from './exec.js';

/** Environment for commands run inside the new root file system. */
const CHROOT_ENV = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' };

/** The host's Debian suite (bookworm on this machine), so the host's node finds its libraries. */
function hostSuite(): string {
  const release = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  return /^VERSION_CODENAME=(\w+)/m.exec(release)?.[1] ?? 'bookworm';
}

/**
 * Builds a stand-in for the official `node:20-bookworm-slim` image without a registry: a
 * minimal Debian from debootstrap (about 25 s), trimmed like Debian's slim images, with the
 * host's node and npm in /usr/local and a `node` user (uid 1000), as in the official image.
 * It is imported with `docker import` as `tag`.
 */
export async function buildBaseImage(tag: string, workDir: string): Promise<void> {
  await aptInstall({ debootstrap: 'debootstrap' });
  const root = join(workDir, 'rootfs');
  const suite = hostSuite();
  const mirror = process.env.DEBIAN_MIRROR ?? 'http://deb.debian.org/debian';
  console.log(`    debootstrap --variant=minbase ${suite} from ${mirror}`);
  await exec('debootstrap', ['--variant=minbase', suite, root, mirror], { timeoutMs: 600_000 });
  await exec('sh', ['-c', 'rm -rf var/cache/apt/archives/*.deb var/lib/apt/lists/* usr/share/doc/* usr/share/man/* usr/share/info/* && find usr/share/locale -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +'], { cwd: root });

  const node = process.execPath;
  const npmDir = join((await exec('npm', ['prefix', '-g'])).stdout.trim(), 'lib', 'node_modules', 'npm');
  if (!existsSync(join(npmDir, 'bin', 'npm-cli.js'))) throw new Error(`npm not found at ${npmDir}`);
  console.log(`    adding ${node} (${process.version}) and ${npmDir}`);
  await exec('mkdir', ['-p', join(root, 'usr/local/bin'), join(root, 'usr/local/lib/node_modules')]);
  await exec('cp', [node, join(root, 'usr/local/bin/node')]);
  await exec('cp', ['-a', npmDir, join(root, 'usr/local/lib/node_modules/')]);
  await exec('ln', ['-s', '../lib/node_modules/npm/bin/npm-cli.js', join(root, 'usr/local/bin/npm')]);
  await exec('ln', ['-s', '../lib/node_modules/npm/bin/npx-cli.js', join(root, 'usr/local/bin/npx')]);
  await exec('chroot', [root, 'groupadd', '--gid', '1000', 'node'], { env: CHROOT_ENV });
  await exec('chroot', [root, 'useradd', '--uid', '1000', '--gid', 'node', '--shell', '/bin/bash', '--create-home', 'node'], { env: CHROOT_ENV });
  const check = await exec('chroot', [root, 'node', '-e', 'console.log(process.version)'], { env: CHROOT_ENV });
  if (check.stdout.trim() !== process.version) throw new Error(`node does not run inside the new root: ${check.stdout}${check.stderr}`);

  const tar = spawn('tar', ['-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const imported = spawn('docker', ['import', '-c', `ENV PATH=${CHROOT_ENV.PATH}`, '-c', 'CMD ["node"]', '-', tag], { stdio: ['pipe', 'ignore', 'inherit'] });
  tar.stdout.pipe(imported.stdin);
  const [[tarCode], [importCode]] = await Promise.all([once(tar, 'close'), once(imported, 'close')]);
  if (tarCode !== 0 || importCode !== 0) throw new Error(`tar | docker import failed (tar ${tarCode}, docker import ${importCode})`);
  await exec('rm', ['-rf', root]);
}
