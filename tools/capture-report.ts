/**
 * Prints the TCP connections of a capture (a pcap the compose file's capture profile writes
 * to ./captures/, or a pcapng Wireshark saved) as tables with relative times, flags and
 * relative sequence numbers, says which side closed first and so ends in TIME_WAIT, and with
 * --svg draws each connection as a ladder diagram.
 *
 *   npm run capture-report -- captures/lab.pcap --svg captures/lab.svg [--connection N]
 *   node dist/tools/capture-report.js captures/lab.pcap --svg captures/lab.svg   (after npm run build)
 */
import { captureReportCommand } from './capture-report-command';

const { exitCode, stdout, stderr } = captureReportCommand(process.argv.slice(2));
process.stdout.write(stdout);
process.stderr.write(stderr);
process.exitCode = exitCode;
