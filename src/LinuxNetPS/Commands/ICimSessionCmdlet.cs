namespace LinuxNetPS.Commands;

/// <summary>
/// A cmdlet that takes Windows' -CimSession: hosts (names, user@host, or PSSessions) that the same command runs on,
/// over PowerShell remoting (SSH). It declares the parameter and calls <see cref="NetCmdlet.RelayedToHosts"/> first in
/// ProcessRecord; NetCmdlet checks the targets before anything runs and closes the sessions it opened.
/// </summary>
public interface ICimSessionCmdlet
{
    /// <summary>The hosts; null: this machine.</summary>
    object[]? CimSession { get; }
}
