// Which unit's analysis answers a question about a file. Type imports only: the editor's providers
// use it without loading the engine bundle.
import type { Analysis } from '../analysis';
import type { ProjectAnalysis, UnitAnalysis } from './project';

/** The analysis of the unit a file belongs to; a plain analysis is its own unit. */
export function analysisOfFile(analysis: Analysis | ProjectAnalysis, file: string): Analysis {
  return 'unitOf' in analysis ? analysis.unitOf(file)?.analysis ?? analysis : analysis;
}

/** The unit of a file, when the analysis has units. */
export function unitOfFile(analysis: Analysis | ProjectAnalysis, file: string): UnitAnalysis | undefined {
  return 'unitOf' in analysis ? analysis.unitOf(file) : undefined;
}
