/**
 * Word lists for synthetic records. Names are pinyin syllables put together at random: they
 * belong to no one on purpose. Agencies' contacts use the reserved `.example` domain.
 */

export interface AgencySeed {
  readonly code: string;
  readonly name: string;
  readonly province: string;
  readonly city: string;
}

/** Lanzhou (Gansu) and Xi'an (Shaanxi) first: the campaign's first rooms were found there. */
export const AGENCIES: readonly AgencySeed[] = [
  {
    code: 'GS-NB',
    name: 'Gansu Provincial Narcotics Control Bureau',
    province: 'GS',
    city: 'Lanzhou',
  },
  {
    code: 'SN-NB',
    name: 'Shaanxi Provincial Narcotics Control Bureau',
    province: 'SN',
    city: "Xi'an",
  },
  {
    code: 'GS-LZ',
    name: 'Lanzhou Municipal PSB Narcotics Detachment',
    province: 'GS',
    city: 'Lanzhou',
  },
  {
    code: 'SN-XA',
    name: "Xi'an Municipal PSB Narcotics Detachment",
    province: 'SN',
    city: "Xi'an",
  },
  {
    code: 'SC-NB',
    name: 'Sichuan Provincial Narcotics Control Bureau',
    province: 'SC',
    city: 'Chengdu',
  },
  {
    code: 'YN-NB',
    name: 'Yunnan Provincial Narcotics Control Bureau',
    province: 'YN',
    city: 'Kunming',
  },
  {
    code: 'GD-NB',
    name: 'Guangdong Provincial Narcotics Control Bureau',
    province: 'GD',
    city: 'Guangzhou',
  },
  {
    code: 'CQ-NB',
    name: 'Chongqing Municipal Narcotics Control Bureau',
    province: 'CQ',
    city: 'Chongqing',
  },
  {
    code: 'HA-NB',
    name: 'Henan Provincial Narcotics Control Bureau',
    province: 'HA',
    city: 'Zhengzhou',
  },
  { code: 'NX-NB', name: 'Ningxia Narcotics Control Bureau', province: 'NX', city: 'Yinchuan' },
];

export const CITIES: Readonly<Record<string, readonly string[]>> = {
  GS: ['Lanzhou', 'Tianshui', 'Baiyin', 'Wuwei'],
  SN: ["Xi'an", 'Xianyang', 'Baoji', 'Weinan'],
  SC: ['Chengdu', 'Mianyang', 'Luzhou'],
  YN: ['Kunming', 'Dali', 'Lincang'],
  GD: ['Guangzhou', 'Shenzhen', 'Dongguan'],
  CQ: ['Chongqing', 'Wanzhou'],
  HA: ['Zhengzhou', 'Luoyang', 'Kaifeng'],
  NX: ['Yinchuan', 'Shizuishan'],
};

export const SURNAMES = [
  'Wang',
  'Li',
  'Zhang',
  'Liu',
  'Chen',
  'Yang',
  'Huang',
  'Zhao',
  'Wu',
  'Zhou',
  'Xu',
  'Sun',
  'Ma',
  'Zhu',
  'Hu',
  'Guo',
  'He',
  'Gao',
  'Lin',
  'Luo',
  'Zheng',
  'Liang',
  'Xie',
  'Song',
  'Tang',
  'Han',
  'Feng',
  'Deng',
  'Cao',
  'Peng',
  'Zeng',
  'Xiao',
  'Tian',
  'Dong',
  'Pan',
  'Yuan',
  'Cai',
  'Jiang',
  'Yu',
  'Du',
  'Ye',
  'Cheng',
  'Wei',
  'Su',
  'Lu',
  'Ding',
  'Ren',
] as const;

export const GIVEN_SYLLABLES = [
  'wei',
  'fang',
  'na',
  'min',
  'jing',
  'lei',
  'qiang',
  'jun',
  'yang',
  'yong',
  'yan',
  'jie',
  'tao',
  'ming',
  'chao',
  'xiu',
  'hui',
  'hao',
  'bo',
  'lin',
  'kai',
  'peng',
  'xin',
  'yu',
  'ze',
  'rui',
  'zi',
  'hang',
  'yi',
  'chen',
  'shu',
  'wen',
  'qi',
  'xuan',
  'han',
  'le',
  'an',
  'heng',
] as const;

export const DRUGS = {
  Methamphetamine: 40,
  Ketamine: 20,
  Etomidate: 10,
  MDMA: 10,
  Heroin: 10,
  Cannabis: 8,
  'Synthetic cannabinoids': 2,
} as const;
export type Drug = keyof typeof DRUGS;

export const SEIZURE_PLACES = [
  'rented flat',
  'hotel room',
  'KTV private room',
  'express delivery depot',
  'car park',
  'internet cafe',
  'residential compound',
  'highway checkpoint',
] as const;

export const RING_WORDS = {
  adjectives: ['Night', 'Silver', 'Red', 'Black', 'Jade', 'Iron', 'Cloud', 'River', 'Snow', 'Wolf'],
  nouns: ['Owl', 'Lantern', 'Fox', 'Dragon', 'Crane', 'Tiger', 'Moon', 'Bridge', 'Gate', 'Lotus'],
} as const;

export const CASE_TITLES = [
  (city: string, drug: string) => `${drug} sold through video chat rooms, ${city}`,
  (city: string) => `Drug-taking chat room active 21:00-04:00, ${city}`,
  (city: string, drug: string) => `${drug} courier network via express delivery, ${city}`,
  (city: string) => `Invite-only livestream room recruiting teenagers, ${city}`,
  (city: string, drug: string) => `${drug} party room ring, ${city}`,
  (city: string) => `Online drug sales introduced by acquaintances, ${city}`,
] as const;
