// Command IDs, in one place: package.json contributes the same set (a unit test checks it).
export const COMMANDS = {
  generateVolumes: 'statefulsetStorage.generateVolumes',
  showPlan: 'statefulsetStorage.showPlan',
  revealObject: 'statefulsetStorage.revealObject',
  reanalyze: 'statefulsetStorage.reanalyze',
  provision: 'statefulsetStorage.provision',
  dryRun: 'statefulsetStorage.dryRun',
  simulate: 'statefulsetStorage.simulate',
  refresh: 'statefulsetStorage.refresh',
  switchContext: 'statefulsetStorage.switchContext',
  refreshClusterState: 'statefulsetStorage.refreshClusterState',
  revealFromCluster: 'statefulsetStorage.revealFromCluster',
} as const;
