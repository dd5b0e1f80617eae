// Command IDs, in one place: package.json contributes the same set (a unit test checks it).
export const COMMANDS = {
  generateVolumes: 'statefulsetStorage.generateVolumes',
  showPlan: 'statefulsetStorage.showPlan',
  revealObject: 'statefulsetStorage.revealObject',
  reanalyze: 'statefulsetStorage.reanalyze',
} as const;
