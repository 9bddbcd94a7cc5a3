namespace LinuxNetPS.Compose.State;

/// <summary>
/// Where Compose keeps what the kernel cannot hold (container networks' subnets and allocations, lab records):
/// /run/linuxnetps, a tmpfs on real systems, so it lives exactly as long as the kernel objects it describes.
/// <see cref="RootVariable"/> moves it (for tests). Each kind of state has a folder of its own below it
/// (networks/, labs/), written with <see cref="StateFile"/> under a <see cref="StateLock"/>.
/// </summary>
internal static class StateDirectory
{
    public const string DefaultRoot = "/run/linuxnetps";
    public const string RootVariable = "LINUXNETPS_STATE_DIR";

    /// <summary>The root as this process sees it now (the variable is read on every call: a test may set it late).</summary>
    public static string Root => Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } root ? root : DefaultRoot;

    /// <summary>The folder of one kind of state, e.g. "networks" or "labs".</summary>
    public static string Of(string kind) => Path.Combine(Root, kind);
}
