import { describe, expect, it } from 'vitest';
import { assignOption, type AssignablePlan } from './assign-options.ts';

const plan = (values: Partial<AssignablePlan>): AssignablePlan => ({
  id: 'p1',
  name: 'Mail Annual',
  productName: 'Cloud Email Security',
  versionType: 'full',
  unitsPerLicense: 1,
  remaining: 120,
  poolDisabled: false,
  ...values,
});

describe('assignOption', () => {
  it('offers a plan the pool can serve, with what is left', () => {
    expect(assignOption(plan({}))).toEqual({ value: 'p1', label: 'Cloud Email Security — Mail Annual (full, 120 units left)', disabled: false });
    expect(assignOption(plan({ remaining: 1 })).label).toBe('Cloud Email Security — Mail Annual (full, 1 unit left)');
    expect(assignOption(plan({ remaining: 5, unitsPerLicense: 5 })).disabled).toBe(false);
  });

  it('shows a plan with no units left disabled, saying so', () => {
    expect(assignOption(plan({ remaining: 0 }))).toEqual({ value: 'p1', label: 'Cloud Email Security — Mail Annual (full, 0 units left)', disabled: true });
    expect(assignOption(plan({ remaining: 0, versionType: 'trial', unitsPerLicense: 5 })).label).toBe(
      'Cloud Email Security — Mail Annual (trial, 0 units left)',
    );
  });

  it('shows a plan whose pool has fewer units than one license takes disabled, with the step', () => {
    expect(assignOption(plan({ remaining: 3, unitsPerLicense: 5 }))).toEqual({
      value: 'p1',
      label: 'Cloud Email Security — Mail Annual (full, 3 units left; sold in steps of 5)',
      disabled: true,
    });
  });

  it('shows a plan whose licenses the provider disabled, disabled', () => {
    expect(assignOption(plan({ poolDisabled: true }))).toEqual({
      value: 'p1',
      label: 'Cloud Email Security — Mail Annual (full, licenses disabled)',
      disabled: true,
    });
  });
});
