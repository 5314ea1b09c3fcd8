// keen-analysis 3.7.0 ships no type definitions; this covers the Node client calls the tests make.
declare module 'keen-analysis' {
  interface KeenAnalysisConfig {
    projectId: string;
    readKey?: string;
    masterKey?: string;
    host?: string;
    protocol?: 'http' | 'https';
  }

  class KeenAnalysis {
    constructor(config: KeenAnalysisConfig);
    query(analysisType: string, params: Record<string, unknown>): Promise<{ result: unknown }>;
    query(params: Record<string, unknown>): Promise<{ result: unknown }>;
  }

  export default KeenAnalysis;
}
