/**
 * The Linux peer's texts on the ladder, in move feedback, in the replay and on the student's page, kept in their
 * own files (linux-peer.en.json, linux-peer.zh.json) and merged into the `linuxPeer` section of the translation
 * namespace, so `t('linuxPeer.…')` works like every other key.
 */
import i18n from './index';
import en from './linux-peer.en.json';
import zh from './linux-peer.zh.json';

export const LINUX_PEER_TEXTS = { en, zh };

export function ensureLinuxPeerTexts(): void {
  if (!i18n.isInitialized || i18n.exists('linuxPeer.ladderAgreed')) return;
  i18n.addResourceBundle('en', 'translation', { linuxPeer: en }, true, false);
  i18n.addResourceBundle('zh', 'translation', { linuxPeer: zh }, true, false);
}
