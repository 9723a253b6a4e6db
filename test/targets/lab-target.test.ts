// The lab target takes the same two names as real servers: which lab servers the Exchange and cluster
// sessions belong to, checked against the lab's seed before anything runs, with the lab's defaults.
import { describe, expect, it } from 'vitest';
import { targetOf } from '../../electron/targets/factory';
import { defaultLabSeed } from '../../electron/targets/lab';
import { placementOf } from '../../electron/targets/placement';

const options = { stateDir: '/tmp/exha-unused' };

describe('the lab target', () => {
  it("defaults to the lab's first Exchange server for both sessions", () => {
    expect(targetOf({ target: 'lab' }, options)).toMatchObject({
      kind: 'lab',
      exchangeServer: 'EX01',
      clusterNode: 'EX01',
      sessionNode: 'EX01',
    });
  });

  it('takes the two names as the lab spells them (name or FQDN); the cluster node defaults to the Exchange server', () => {
    expect(targetOf({ target: 'lab', exchangeServer: 'ex02.ROGERTECH.local' }, options)).toMatchObject({
      exchangeServer: 'EX02',
      clusterNode: 'EX02',
    });
    expect(targetOf({ target: 'lab', exchangeServer: 'EX01', clusterNode: 'ex02' }, options)).toMatchObject({
      exchangeServer: 'EX01',
      clusterNode: 'EX02',
    });
  });

  it('refuses a server the lab does not have, saying which it has', () => {
    expect(targetOf({ target: 'lab', clusterNode: 'EX07' }, options)).toEqual({
      problem: 'The lab has no server named EX07 to use as the cluster node: it has EX01, EX02.',
    });
  });

  it('places the sessions of a journal written before the lab took names where the lab then put them', () => {
    expect(placementOf({ kind: 'lab', labSeedPath: defaultLabSeed() })).toEqual({ exchangeServer: 'EX01', clusterNode: 'EX01' });
    expect(placementOf({ kind: 'real', exchangeServer: 'EX02.rogertech.local' })).toEqual({
      exchangeServer: 'EX02.rogertech.local',
      clusterNode: 'EX02.rogertech.local',
    });
  });
});
