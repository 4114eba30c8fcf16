/**
 * The agencies and provinces of the demo data, for `hub token`: a development token for an
 * agency no record belongs to sees nothing, which looks like a broken hub. Narcotics agencies
 * come from its seed; the cyber and juvenile units are those the demo's tokens and tests use.
 */
import { AGENCIES } from '../subgraphs/narcotics/seed/vocabulary.js';

export interface DemoAgency {
  readonly code: string;
  readonly province: string;
  readonly name: string;
}

export const DEMO_AGENCIES: readonly DemoAgency[] = [
  ...AGENCIES.map(({ code, province, name }) => ({ code, province, name })),
  { code: 'MPS-CYBER', province: 'BJ', name: 'Ministry of Public Security, cyber division' },
  { code: 'GS-CYB', province: 'GS', name: 'Gansu cyber police' },
  { code: 'SN-CYB', province: 'SN', name: 'Shaanxi cyber police' },
  { code: 'GS-JUV', province: 'GS', name: 'Gansu juvenile affairs' },
];

export const DEMO_PROVINCES: readonly string[] = [
  ...new Set(DEMO_AGENCIES.map((agency) => agency.province)),
];
