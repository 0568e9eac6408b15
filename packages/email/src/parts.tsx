/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { Section, Text } from '@react-email/components';

const box = {
  backgroundColor: '#f9fafb',
  border: '1px solid #e5e7eb',
  borderRadius: '6px',
  padding: '12px 16px',
  margin: '0 0 16px',
};

/** Label/value rows (a license, a report); rows without a value are left out. */
export function DetailsTable({ rows }: { rows: [label: string, value: string][] }) {
  const shown = rows.filter(([, value]) => value.trim() !== '');
  if (shown.length === 0) return null;
  return (
    <Section style={box}>
      {/* dataTable lays the rows out as aligned columns in the plain-text part. */}
      <table role="presentation" width="100%" cellPadding="0" cellSpacing="0" data-text-format="dataTable">
        <tbody>
          {shown.map(([label, value]) => (
            <tr key={label}>
              <td style={{ color: '#4b5563', fontSize: '14px', lineHeight: '24px', padding: '2px 16px 2px 0', width: '40%', verticalAlign: 'top' }}>
                {label}
              </td>
              <td style={{ color: '#111827', fontSize: '14px', lineHeight: '24px', fontWeight: 600, padding: '2px 0', verticalAlign: 'top' }}>
                {value}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

/** A key or code to copy, in a monospace box; nothing when there is no code. */
export function CodeBox({ label, code }: { label: string; code: string }) {
  if (!code.trim()) return null;
  return (
    <Section style={box}>
      <Text style={{ color: '#4b5563', fontSize: '13px', lineHeight: '20px', margin: '0 0 4px' }}>{label}</Text>
      <Text
        style={{
          color: '#111827',
          fontFamily: "'SFMono-Regular', Menlo, Consolas, 'Liberation Mono', monospace",
          fontSize: '18px',
          lineHeight: '28px',
          letterSpacing: '1px',
          margin: 0,
          wordBreak: 'break-all',
        }}
      >
        {code}
      </Text>
    </Section>
  );
}

/** Someone else's words (a reviewer's comment), set apart from the company's text. */
export function QuoteBox({ label, text }: { label: string; text: string }) {
  if (!text.trim()) return null;
  return (
    <Section style={{ ...box, borderLeft: '4px solid #9ca3af' }}>
      <Text style={{ color: '#4b5563', fontSize: '13px', lineHeight: '20px', margin: '0 0 4px' }}>{label}</Text>
      <Text style={{ color: '#111827', fontSize: '15px', lineHeight: '24px', margin: 0, whiteSpace: 'pre-line' }}>{text}</Text>
    </Section>
  );
}
