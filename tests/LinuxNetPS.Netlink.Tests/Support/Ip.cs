using System.Diagnostics;
using System.Text.Json;

namespace LinuxNetPS.Tests.Support;

/// <summary>
/// iproute2 (and nft, ping) as oracles we did not write. Tests may run them to check the
/// library's work; the product never does.
/// </summary>
public static class Ip
{
    /// <summary>Runs a program with an argv array and returns (exit code, stdout, stderr).</summary>
    public static (int Code, string Out, string Err) Exec(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(true); throw new TimeoutException($"{file} {string.Join(' ', args)} timed out"); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs `ip ARGS` (split on spaces) and returns stdout; throws on failure when <paramref name="check"/>.</summary>
    public static string Run(string args, bool check = true)
    {
        var (code, stdout, stderr) = Exec("ip", args.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (check && code != 0) throw new InvalidOperationException($"ip {args} failed ({code}): {stderr}");
        return stdout;
    }

    /// <summary>`ip -n NS -j -d ARGS` parsed as JSON (an array).</summary>
    public static JsonElement Json(string? ns, string args)
    {
        var prefix = ns is null ? "" : $"-n {ns} ";
        var text = Run($"{prefix}-j -d {args}");
        return JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "[]" : text).RootElement;
    }

    /// <summary>The links of a namespace by name, from `ip -j -d link show`.</summary>
    public static Dictionary<string, JsonElement> Links(string? ns) =>
        Json(ns, "link show").EnumerateArray().ToDictionary(l => l.GetProperty("ifname").GetString()!);

    /// <summary>Whether `ip netns list` shows the name.</summary>
    public static bool NetnsListed(string name) =>
        Run("netns list").Split('\n').Any(l => l.Split(' ')[0] == name);

    /// <summary>Pings from inside a namespace (ip netns exec NS ping); true when replies came back.</summary>
    public static bool Ping(string ns, string address, int count = 1, int waitSeconds = 2) =>
        Exec("ip", "netns", "exec", ns, "ping", "-c", count.ToString(), "-W", waitSeconds.ToString(), "-q", address).Code == 0;
}
