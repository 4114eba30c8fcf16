/** Seizure aggregates. */
import type { EntityManager } from 'typeorm';

import type { SeizureTotal } from '../entities/seizure-total.type.js';
import { Seizure } from '../entities/seizure.entity.js';
import type { SeizureTotalsFilterValues } from '../inputs/seizure-totals-filter.input.js';

interface TotalRow {
  drugType: string;
  province: string;
  totalGrams: string;
  seizures: string;
}

/** Sum and count of seizures per (drug type, province), heaviest first. */
export async function seizureTotals(
  manager: EntityManager,
  filter: SeizureTotalsFilterValues,
): Promise<SeizureTotal[]> {
  const query = manager
    .getRepository(Seizure)
    .createQueryBuilder('s')
    .select('s.drug_type', 'drugType')
    .addSelect('s.province', 'province')
    .addSelect('sum(s.weight_grams)', 'totalGrams')
    .addSelect('count(*)', 'seizures')
    .groupBy('s.drug_type')
    .addGroupBy('s.province')
    .orderBy('"totalGrams"', 'DESC')
    .addOrderBy('s.drug_type')
    .addOrderBy('s.province');
  if (filter.province) {
    query.andWhere('s.province = :province', { province: filter.province });
  }
  if (filter.drugType) {
    query.andWhere('s.drug_type = :drugType', { drugType: filter.drugType });
  }
  if (filter.from) {
    query.andWhere('s.seized_at >= :from', { from: filter.from });
  }
  if (filter.to) {
    query.andWhere('s.seized_at < :to', { to: filter.to });
  }
  const rows = await query.getRawMany<TotalRow>();
  return rows.map((row) => ({
    drugType: row.drugType,
    province: row.province,
    totalGrams: Number(row.totalGrams),
    seizures: Number(row.seizures),
  }));
}
