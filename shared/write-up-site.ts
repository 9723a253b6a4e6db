// The write-up's site (rogertech.local, EX01/EX02, DAG PrimaryDAG) as the connect step reports it on the
// lab's seed: the one copy of it for the window's development fake and for the tests that run without
// PowerShell. The app itself never imports it.
import type { SiteFacts } from './site';

export const WRITE_UP_SITE: SiteFacts = {
  domain: 'rogertech.local',
  adSite: 'Default-First-Site-Name',
  account: 'ROGERTECH\\administrator',
  clientHostNames: ['mail.rogertech.local', 'autodiscover.rogertech.local'],
  servers: [
    {
      name: 'EX01',
      fqdn: 'EX01.rogertech.local',
      adminDisplayVersion: 'Version 14.3 (Build 123.4)',
      serverRole: 'Mailbox, ClientAccess, HubTransport',
      site: 'Default-First-Site-Name',
      address: '192.168.0.101',
    },
    {
      name: 'EX02',
      fqdn: 'EX02.rogertech.local',
      adminDisplayVersion: 'Version 14.3 (Build 123.4)',
      serverRole: 'Mailbox, ClientAccess, HubTransport',
      site: 'Default-First-Site-Name',
      address: '192.168.0.102',
    },
  ],
  dag: {
    name: 'PrimaryDAG',
    servers: ['EX01', 'EX02'],
    witnessServer: 'DC01',
    witnessDirectory: 'C:\\DAGFileShareWitnesses\\PrimaryDAG.rogertech.local',
    ipAddresses: ['192.168.0.100'],
  },
  cluster: {
    name: 'PrimaryDAG',
    nodes: [
      { name: 'EX01', state: 'Up' },
      { name: 'EX02', state: 'Up' },
    ],
    networks: [
      { name: 'Cluster Network 1', address: '192.168.0.0', addressMask: '255.255.255.0', role: 3, state: 'Up' },
      { name: 'Cluster Network 2', address: '10.0.0.0', addressMask: '255.255.255.0', role: 1, state: 'Up' },
    ],
  },
  databases: [
    {
      name: 'VIP',
      server: 'EX01',
      rpcClientAccessServer: 'EX01.rogertech.local',
      copies: [
        {
          server: 'EX01',
          status: 'Mounted',
          activationPreference: 1,
          copyQueueLength: 0,
          replayQueueLength: 0,
          contentIndexState: 'Healthy',
        },
        {
          server: 'EX02',
          status: 'Healthy',
          activationPreference: 2,
          copyQueueLength: 0,
          replayQueueLength: 0,
          contentIndexState: 'Healthy',
        },
      ],
    },
    {
      name: 'Staff',
      server: 'EX02',
      rpcClientAccessServer: 'EX02.rogertech.local',
      copies: [
        {
          server: 'EX02',
          status: 'Mounted',
          activationPreference: 1,
          copyQueueLength: 0,
          replayQueueLength: 0,
          contentIndexState: 'Healthy',
        },
        {
          server: 'EX01',
          status: 'Healthy',
          activationPreference: 2,
          copyQueueLength: 1,
          replayQueueLength: 0,
          contentIndexState: 'Healthy',
        },
      ],
    },
  ],
};
