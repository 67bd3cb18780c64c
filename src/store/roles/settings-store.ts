// Instance settings: small named values (the instance's identity, …) kept across restarts.

export interface SettingsStore {
  getSetting(key: string): Promise<string | null>
  /** Stores value unless the key already has one; returns the value in force. */
  initSetting(key: string, value: string): Promise<string>
  setSetting(key: string, value: string): Promise<void>
}
