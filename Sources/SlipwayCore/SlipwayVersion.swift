/// Slipway's own version, shown by `slipway --version`.
public enum SlipwayVersion {
  public static let current = "0.1.0"
}
