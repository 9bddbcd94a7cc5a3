namespace LinuxNetPS.HelpBuilder.Tests;

/// <summary>Help pages as platyPS writes them, with two parameter sets and per-set parameter behaviour.</summary>
internal static class Samples
{
    public const string MoveNetLink = """
        ---
        external help file: LinuxNetPS.dll-Help.xml
        Module Name: LinuxNetPS
        online version: https://example.invalid/Move-NetLink
        schema: 2.0.0
        ---

        # Move-NetLink

        ## SYNOPSIS
        Moves a link into another network namespace.

        ## SYNTAX

        ### ToNamespace (Default)
        ```
        Move-NetLink [-Name] <String> -TargetNamespace <String> [-NewName <String>] [-PassThru] [-Namespace <String>]
         [-Family <String>] [-WhatIf] [-Confirm] [<CommonParameters>]
        ```

        ### ToHost
        ```
        Move-NetLink [-Name] <String> [-ToHost] [-NewName <String>] [-PassThru] [-Namespace <String>] [-WhatIf]
         [-Family <String>] [-Confirm] [<CommonParameters>]
        ```

        ## DESCRIPTION
        Moves the link like `ip link set NAME netns NS`.
        The link keeps its addresses only if you add them again.

        - Links that cannot move (lo, bridges with ports) fail with InvalidArgument.
        - The moved link is down.

        ## EXAMPLES

        ### Example 1: Move a link and back
        Setup first.

        ```powershell
        Move-NetLink eth1 -TargetNamespace red
        Move-NetLink eth1 -Namespace red -ToHost
        ```

        The link goes into red,
        then back.

        ## PARAMETERS

        ### -Name
        The link to move.

        ```yaml
        Type: String
        Parameter Sets: (All)
        Aliases:

        Required: True
        Position: 0
        Default value: None
        Accept pipeline input: True (ByPropertyName)
        Accept wildcard characters: False
        ```

        ### -TargetNamespace
        Where the link goes.

        ```yaml
        Type: String
        Parameter Sets: ToNamespace
        Aliases:

        Required: True
        Position: Named
        Default value: None
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### -ToHost
        Moves the link to the host namespace.

        ```yaml
        Type: SwitchParameter
        Parameter Sets: ToHost
        Aliases:

        Required: True
        Position: Named
        Default value: False
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### -NewName
        Renames the link as it moves.

        ```yaml
        Type: String
        Parameter Sets: ToNamespace
        Aliases:

        Required: False
        Position: 1
        Default value: None
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ```yaml
        Type: String
        Parameter Sets: ToHost
        Aliases:

        Required: False
        Position: Named
        Default value: None
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### -PassThru
        Emits the moved link.

        ```yaml
        Type: SwitchParameter
        Parameter Sets: (All)
        Aliases:

        Required: False
        Position: Named
        Default value: False
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### -Namespace
        The namespace the link is in now.

        ```yaml
        Type: String
        Parameter Sets: (All)
        Aliases: ns, netns

        Required: False
        Position: Named
        Default value: None
        Accept pipeline input: True (ByPropertyName)
        Accept wildcard characters: False
        ```

        ### -Family
        Address family.

        ```yaml
        Type: String
        Parameter Sets: (All)
        Aliases:
        Accepted values: IPv4, IPv6

        Required: False
        Position: Named
        Default value: None
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### -WhatIf
        Shows what would happen.

        ```yaml
        Type: SwitchParameter
        Parameter Sets: (All)
        Aliases: wi

        Required: False
        Position: Named
        Default value: None
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### -Confirm
        Prompts first.

        ```yaml
        Type: SwitchParameter
        Parameter Sets: (All)
        Aliases: cf

        Required: False
        Position: Named
        Default value: None
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        ### CommonParameters
        This cmdlet supports the common parameters.

        ## INPUTS

        ### System.String
        Name and Namespace by property name.

        ## OUTPUTS

        ### LinuxNetPS.Model.NetLink
        With -PassThru.

        ## NOTES
        Moving needs CAP_NET_ADMIN in both namespaces.

        ## RELATED LINKS

        [Get-NetLink](Get-NetLink.md)

        [ip-link(8)](https://man7.org/linux/man-pages/man8/ip-link.8.html)
        """;

    public const string About = """
        # about_LinuxNetPS

        ## SHORT DESCRIPTION
        Linux network plumbing over netlink.

        ## LONG DESCRIPTION
        LinuxNetPS creates network namespaces, veth pairs, bridges, addresses, routes and NAT rules by talking netlink to the kernel, so a lab is a few short pipelines.

        ### Pipes
        - Objects pipe into the next cmdlet by property name, and the property names were chosen so that nothing binds to a parameter of another meaning.

        ## SUPPORTED PIPELINES

            New-NetNamespace | New-VethPair
            Get-NetLink | Set-NetLink
        """;
}
