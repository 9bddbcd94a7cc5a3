using System.Net;
using LinuxNetPS.Client;
using LinuxNetPS.Errors;
using LinuxNetPS.Primitives;
using LinuxNetPS.Routes;

namespace LinuxNetPS.Compose.Labs;

/// <summary>
/// Puts a node's lab routes back after one of its links was down: the kernel deletes every route through a link
/// that goes down and never adds them again. The routes are the lab's own, as recorded ("default via 10.1.0.1",
/// "10.2.0.0/24 via 10.255.0.2 dev eth0"); one that is there is left alone, and one whose gateway is still out of
/// reach (behind another link that is down) waits for that link to come up. Routes that exec lines added are not
/// recorded and so not restored.
/// </summary>
internal static class LabRouteRestore
{
    public static void Restore(LabNodeRecord node)
    {
        if (node.Routes.Count == 0) return;
        var client = NetClient.For(node.Namespace);
        foreach (var text in node.Routes)
        {
            RouteSpec spec;
            try { spec = Parse(text); }
            catch (Exception e) when (e is FormatException or NetOperationException)
            {
                throw new NetOperationException(NetErrorKind.Malformed, $"The lab record of node '{node.Name}' holds a route that cannot be read: '{InputText.Echo(text)}'.",
                    operation: "restore lab routes", target: node.Name, inner: e);
            }
            try { client.Routes.Add(spec); }
            catch (NetOperationException e) when (e.Kind is NetErrorKind.AlreadyExists or NetErrorKind.Unreachable) { }
        }
    }

    /// <summary>The recorded text of a route (LabRouteDefinition.ToString) as a route spec.</summary>
    internal static RouteSpec Parse(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) throw new FormatException("an empty route");
        IPAddress? gateway = null;
        string? device = null;
        for (int i = 1; i + 1 < words.Length; i += 2)
        {
            if (words[i] == "via") gateway = IPAddress.Parse(words[i + 1]);
            else if (words[i] == "dev") device = words[i + 1];
        }
        string destination = words[0] == "default" ? (gateway?.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "::/0" : "default")
            : IPPrefix.Parse(words[0]).ToString();
        return new RouteSpec { Destination = destination, Gateway = gateway, Interface = device };
    }
}
