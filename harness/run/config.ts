/** What a `faultline.config.ts` holds; every field is optional and command-line flags win over it. */
export interface FaultlineConfig {
  /** Globs of scenario module files, relative to the config file (e.g. `['sim/**\/*.scenario.ts']`). */
  scenarios?: string[];
  /** Artifacts directory, relative to the config file (default `faultline-out` in the working directory). */
  out?: string;
  workers?: number;
  /** Which seed budget scenarios use when no seed count is given. */
  budget?: 'test' | 'nightly';
  /** Seeds per scenario (overrides the scenarios' budgets). */
  seeds?: number;
  /** Also offer the built-in catalogue's scenarios (default: only when `scenarios` is not set). */
  catalogue?: boolean;
}

/** Types a config file's default export: `export default defineConfig({ scenarios: ['sim/**\/*.scenario.ts'] })`. */
export function defineConfig(config: FaultlineConfig): FaultlineConfig {
  return config;
}
