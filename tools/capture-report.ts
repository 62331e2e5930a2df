/**
 * Prints the TCP connections of a pcap (what the compose file's capture profile writes to
 * ./captures/) as tables with relative times, flags and relative sequence numbers, and says
 * which side closed first and so ends in TIME_WAIT.
 *
 *   npx ts-node tools/capture-report.ts captures/lab.pcap
 */
import { readFileSync } from 'node:fs';
import { captureReport } from './capture-report-text';
import { parsePcap } from './pcap';
import { tcpConnections } from './tcp-connections';

function main(args: string[]): number {
  if (args.length !== 1 || args[0] === '--help' || args[0] === '-h') {
    const help = 'Usage: npx ts-node tools/capture-report.ts FILE.pcap   (a capture from: docker compose --profile capture up)';
    (args.length === 1 ? process.stdout : process.stderr).write(`${help}\n`);
    return args.length === 1 ? 0 : 2;
  }
  const [file] = args as [string];
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    process.stderr.write(`capture-report: cannot read ${file} (${(error as NodeJS.ErrnoException).code}); give the path of a pcap file, e.g. captures/lab.pcap (ls captures/)\n`);
    return 2;
  }
  try {
    const { segments } = parsePcap(bytes);
    process.stdout.write(`${captureReport(file, segments.length, tcpConnections(segments))}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`capture-report: ${file}: ${(error as Error).message}; give a pcap written by tcpdump -w (the capture profile), not pcapng\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
