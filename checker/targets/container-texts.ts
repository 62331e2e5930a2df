/**
 * What a --submission check (and a grader's check of a submission) tells a person about its
 * image and containers, in both languages. Docker's and the build's own words are quoted as
 * they came.
 */
import { bilingual } from '../../language';

/** The image file `npm run package:checker-image` writes (in dist/) for instructors to hand out. */
const CHECKER_IMAGE_FILE = 'charcount-lab-checker.tar.gz';

export const CONTAINER_TEXTS = bilingual({
  dockerUnreachable: {
    en: (p: { why: string }) =>
      `--submission needs Docker, and Docker is not reachable (${p.why}): start Docker, or check your server directly with -- python3 server.py`,
    id: (p) => `--submission memerlukan Docker, dan Docker tidak dapat dihubungi (${p.why}): jalankan Docker, atau periksa server Anda langsung dengan -- python3 server.py`,
  },
  probeImageMissing: {
    en: (p: { image: string }) =>
      `the checker's image ${p.image} is missing (its probe agent runs your server's network): load the image file your instructor hands out with \`docker load -i ${CHECKER_IMAGE_FILE}\`, or build it in a clone of the repository with \`docker compose --profile check build check\``,
    id: (p) =>
      `image pemeriksa ${p.image} tidak ada (agen probe-nya menjalankan jaringan server Anda): muat berkas image dari pengajar Anda dengan \`docker load -i ${CHECKER_IMAGE_FILE}\`, atau buat image itu di clone repositori dengan \`docker compose --profile check build check\``,
  },
  stopped: {
    en: () => 'the check was stopped',
    id: () => 'pemeriksaan dihentikan',
  },
  probeNotStarted: {
    en: (p: { why: string; image: string }) => `the checker's probe container could not start (${p.why}); check that ${p.image} is the checker's image`,
    id: (p) => `container probe pemeriksa tidak dapat dijalankan (${p.why}); pastikan ${p.image} adalah image pemeriksa`,
  },
  imageReused: {
    en: () => 'image already built (the folder is unchanged)',
    id: () => 'image sudah dibuat (folder tidak berubah)',
  },
  building: {
    en: (p: { what: string; tag: string }) => `building ${p.what} into ${p.tag}`,
    id: (p) => `membuat image ${p.tag} dari ${p.what}`,
  },
  buildingDockerfile: {
    en: (p: { dir: string }) => `${p.dir}/Dockerfile`,
    id: (p) => `${p.dir}/Dockerfile`,
  },
  buildingServerPy: {
    en: (p: { dir: string }) => `${p.dir}/server.py on python:3.13-slim (no Dockerfile)`,
    id: (p) => `${p.dir}/server.py di atas python:3.13-slim (tanpa Dockerfile)`,
  },
  built: {
    en: (p: { seconds: string }) => `image built in ${p.seconds} s`,
    id: (p) => `image selesai dibuat dalam ${p.seconds} detik`,
  },
  buildLastLines: {
    en: () => "the build's last lines:",
    id: () => 'baris terakhir keluaran build:',
  },
  notBuilt: {
    en: (p: { why: string }) => `your submission did not build: ${p.why}`,
    id: (p) => `image kiriman Anda gagal dibuat: ${p.why}`,
  },
  notBuiltSeeAbove: {
    en: (p: { why: string }) => `your submission did not build: ${p.why} (the build's last lines are above)`,
    id: (p) => `image kiriman Anda gagal dibuat: ${p.why} (baris terakhir keluaran build ada di atas)`,
  },
  imageNotRemoved: {
    en: (p: { image: string }) => `could not remove the image ${p.image}; remove it with docker image rm`,
    id: (p) => `image ${p.image} tidak dapat dihapus; hapus dengan docker image rm`,
  },
  startingContainer: {
    en: (p: { user: string; mib: number; pids: number; cpus: number; port: number }) =>
      `starting your server in a container: user ${p.user}, no network, read-only but /tmp, ${p.mib} MiB, ${p.pids} processes, ${p.cpus} CPU; PORT=${p.port}`,
    id: (p) =>
      `menjalankan server Anda dalam container: user ${p.user}, tanpa jaringan, hanya-baca kecuali /tmp, ${p.mib} MiB, ${p.pids} proses, ${p.cpus} CPU; PORT=${p.port}`,
  },
  outOfMemory: {
    en: (p: { mib: number }) => `your server used more than its ${p.mib} MiB of memory, and the kernel killed it`,
    id: (p) => `server Anda memakai lebih dari batas memorinya, ${p.mib} MiB, dan kernel menghentikannya`,
  },
  containerNotStarted: {
    en: (p: { why: string }) => `your server's container could not start: ${p.why}; check the CMD or ENTRYPOINT of your Dockerfile`,
    id: (p) => `container server Anda tidak dapat dijalankan: ${p.why}; periksa CMD atau ENTRYPOINT di Dockerfile Anda`,
  },
  exitedBeforeListening: {
    en: (p: { exit: string; memoryMib: number | null; lastWords: string | null }) =>
      `your server ${p.exit}${p.memoryMib === null ? '' : ` for using more than its ${p.memoryMib} MiB of memory`} before listening${p.lastWords === null ? ', with no output' : `: ${p.lastWords}`}`,
    id: (p) =>
      `server Anda berhenti (${p.exit})${p.memoryMib === null ? '' : ` karena memakai lebih dari ${p.memoryMib} MiB memori`} sebelum mendengarkan${p.lastWords === null ? ', tanpa keluaran apa pun' : `: "${p.lastWords}"`}`,
  },
  dockerRefused: {
    en: (p: { why: string }) => `Docker refused to build it: ${p.why}`,
    id: (p) => `Docker menolak membuat image-nya: ${p.why}`,
  },
  buildTooLong: {
    en: (p: { seconds: number }) => `the build took longer than ${p.seconds} s`,
    id: (p) => `build memakan waktu lebih dari ${p.seconds} detik`,
  },
  buildStopped: {
    en: () => 'the check was stopped during the build',
    id: () => 'pemeriksaan dihentikan saat build',
  },
  noImage: {
    en: () => 'the build ended without an image',
    id: () => 'build selesai tanpa menghasilkan image',
  },
  stepTooBig: {
    en: (p: { mib: number }) => `a RUN step wrote more than ${p.mib} MiB, and was stopped`,
    id: (p) => `sebuah langkah RUN menulis lebih dari ${p.mib} MiB, dan dihentikan`,
  },
  stepForkBomb: {
    en: (p: { pids: number }) => `a RUN step reached its limit of ${p.pids} processes (a fork bomb?), and was stopped`,
    id: (p) => `sebuah langkah RUN mencapai batasnya, ${p.pids} proses (fork bomb?), dan dihentikan`,
  },
});
