/** Reads a capture file of either format, told apart by its first four bytes. */
import { type CaptureResult, MAX_CAPTURE_BYTES, tooLarge } from './capture';
import { wireError } from './errors';
import { isPcap, readPcap } from './pcap';
import { isPcapng, readPcapng } from './pcapng';

export function readCapture(bytes: Uint8Array): CaptureResult {
  if (bytes.length > MAX_CAPTURE_BYTES) return tooLarge();
  if (isPcapng(bytes)) return readPcapng(bytes);
  if (isPcap(bytes)) return readPcap(bytes);
  return wireError(
    'NOT_A_CAPTURE',
    'the file is neither pcap nor pcapng (save the capture from Wireshark, tshark or tcpdump in one of these formats)',
    '该文件既不是 pcap 也不是 pcapng（请用 Wireshark、tshark 或 tcpdump 以这两种格式之一保存抓包）',
  );
}
