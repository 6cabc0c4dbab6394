/**
 * Where students join: the address the server says they can reach (PUBLIC_URL, else its LAN address; the
 * teacher's own 127.0.0.1 is useless on a phone), as text and as a QR code drawn by the `qrcode` library.
 */
import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import { api } from '../api/http';
import { useLang } from '../i18n';

export interface JoinAddressInfo {
  url: string;
  source: 'configured' | 'lan' | 'loopback';
  lanAddresses: string[];
}

export function useJoinAddress(): JoinAddressInfo | null {
  const [address, setAddress] = useState<JoinAddressInfo | null>(null);
  useEffect(() => {
    api<JoinAddressInfo>('/join-address').then(setAddress, () =>
      setAddress({ url: `${window.location.origin}/`, source: 'loopback', lanAddresses: [] }),
    );
  }, []);
  return address;
}

export function JoinQr({ url, label }: { url: string; label: string }) {
  const [svg, setSvg] = useState('');
  useEffect(() => {
    QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }).then(setSvg, () =>
      setSvg(''),
    );
  }, [url]);
  return (
    <div
      className="qr"
      role="img"
      aria-label={label}
      data-testid="join-qr"
      data-url={url}
      // the SVG comes from the qrcode library, built from our own URL
      dangerouslySetInnerHTML={{ __html: svg }}
    />
  );
}

/** The full join screen for the projector: address, code and QR code. */
export function JoinScreen({ joinCode }: { joinCode: string | null }) {
  const { t } = useLang();
  const address = useJoinAddress();
  const url = address?.url ?? '';
  const withCode = url && joinCode ? `${url}#/join?code=${encodeURIComponent(joinCode)}` : url;
  return (
    <section className="join-screen card" aria-label={t('projector.joinTitle')} data-testid="join-screen">
      <div>
        <h2>{t('projector.joinTitle')}</h2>
        <p>{t('projector.open')}</p>
        <p className="join-url" data-testid="join-url">
          {url || '…'}
        </p>
        <p>{t('projector.type')}</p>
        <p className="join-code" data-testid="join-code">
          {joinCode ?? '······'}
        </p>
        {address?.source === 'loopback' && (
          <p className="notice" data-testid="join-loopback">
            {t('projector.loopback')}
          </p>
        )}
      </div>
      {withCode && <JoinQr url={withCode} label={t('projector.qr', { url })} />}
    </section>
  );
}
