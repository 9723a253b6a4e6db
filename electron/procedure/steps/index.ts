// The catalogue: one implementation per step id of shared/steps.ts, in the same order.
import { STEP_IDS, type StepId } from '../../../shared/steps';
import type { StepDefinition } from '../step';
import { accessPointStep } from './access-point';
import { casArrayStep } from './cas-array';
import { clientChecksStep } from './client-checks';
import { clusterRoleStep } from './cluster-role';
import { completeStep } from './complete';
import { connectStep } from './connect';
import { databasesStep } from './databases';
import { dnsStep } from './dns';
import { failoverStep } from './failover';
import { preflightStep } from './preflight';
import { validateStep } from './validate';

const CATALOGUE: Record<StepId, StepDefinition> = {
  connect: connectStep,
  preflight: preflightStep,
  accessPoint: accessPointStep,
  validate: validateStep,
  clusterRole: clusterRoleStep,
  dns: dnsStep,
  casArray: casArrayStep,
  databases: databasesStep,
  clientChecks: clientChecksStep,
  failover: failoverStep,
  complete: completeStep,
};

export function stepDefinition(id: StepId): StepDefinition {
  return CATALOGUE[id];
}

export { STEP_IDS };
