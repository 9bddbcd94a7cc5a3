using LinuxNetPS.Client;
using LinuxNetPS.Namespaces;

namespace LinuxNetPS.Monitoring;

/// <summary>
/// Creates sockets inside a client's namespace. A socket stays bound to the namespace it was created
/// in, so it is made on the namespace worker thread (which enters the namespace and returns home)
/// and then used from any thread. The one place the observing features touch the worker.
/// </summary>
internal static class InNamespace
{
    public static T Create<T>(NetClient client, Func<T> create) =>
        NamespaceWorker.Instance.RunIn(client.Session.NamespaceFile, create);
}
