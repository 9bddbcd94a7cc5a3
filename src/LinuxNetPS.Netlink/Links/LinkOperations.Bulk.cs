using LinuxNetPS.Model;
using LinuxNetPS.Primitives;

namespace LinuxNetPS.Links;

public sealed partial class LinkOperations
{
    /// <summary>Requests per send in <see cref="SetUpMany"/>: thousands of ACKs stay far below the receive buffer.</summary>
    private const int BulkChunk = 500;

    /// <summary>
    /// Brings many links of this namespace up, pipelined (up to 500 requests per send, no read-back), and returns
    /// one outcome per name in the order given: null when the link is up, otherwise the error that
    /// <c>SetUp(name)</c> would have thrown. One bad name does not stop the others.
    /// </summary>
    public IReadOnlyList<Exception?> SetUpMany(IEnumerable<string> names)
    {
        var list = names as IReadOnlyList<string> ?? names.ToList();
        var outcomes = new Exception?[list.Count];
        var valid = new List<int>(list.Count);
        for (int i = 0; i < list.Count; i++)
        {
            try
            {
                LinkName.Validate(list[i]);
                valid.Add(i);
            }
            catch (Exception e) when (e is Errors.NetOperationException or ArgumentException)
            {
                outcomes[i] = e;
            }
        }
        for (int first = 0; first < valid.Count; first += BulkChunk)
        {
            var chunk = valid.Skip(first).Take(BulkChunk).ToList();
            var errors = _session.Route.ExecuteEach(batch =>
            {
                foreach (int i in chunk) batch.Add(LinkRequest.SetUp(list[i]));
            });
            for (int j = 0; j < chunk.Count; j++)
                if (errors[j] is { } e) outcomes[chunk[j]] = LinkErrors.ForLink(e, _session, list[chunk[j]]);
        }
        return outcomes;
    }

    /// <summary>
    /// As <see cref="CreateVeth(VethSpec)"/>, but with <see cref="VethSpec.PeerUp"/> the peer is not brought up
    /// now: it is added to <paramref name="deferredPeerUp"/>, whose <see cref="DeferredBringUp.Flush"/> brings all
    /// such peers up at the end of a bulk operation. The returned pair shows the peer as it is now (down).
    /// </summary>
    public VethPair CreateVeth(VethSpec spec, DeferredBringUp? deferredPeerUp) => CreateVethCore(spec, deferredPeerUp, null);
}
