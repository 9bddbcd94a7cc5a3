namespace LinuxNetPS.Support;

/// <summary>The texts -WhatIf and -Confirm show: what is acted on, and where.</summary>
public static class TargetText
{
    /// <summary>"namespace 'red'" or "the host namespace".</summary>
    public static string Where(string? ns) => string.IsNullOrEmpty(ns) ? "the host namespace" : $"namespace '{ns}'";

    /// <summary>"link 'veth0' in namespace 'red'".</summary>
    public static string Of(string what, string? name, string? ns) => $"{what} '{name}' in {Where(ns)}";
}
