using System.Buffers.Binary;
using LinuxNetPS.Errors;
using LinuxNetPS.Interop;

namespace LinuxNetPS.Netlink;

/// <summary>Writes the body (family header and attributes) of one request message.</summary>
public delegate void MessageBody(NetlinkWriter writer);

/// <summary>Receives one data message of a reply or dump.</summary>
public delegate void MessageHandler(in NetlinkMessage message);

/// <summary>Turns one data message into an object, or null to skip it.</summary>
public delegate T? MessageParser<T>(in NetlinkMessage message);

/// <summary>
/// A netlink socket bound to the network namespace it was created in. Requests are serialised
/// by a lock, so one socket may be shared by any number of threads. Every request gets an answer
/// that ends it (an ACK; for a single GET its one reply, see <see cref="Get"/>) and every reply is
/// matched to its request by sequence number; errors carry errno and the kernel's extended-ACK text.
/// Replies are read into a buffer lent per exchange (<see cref="ScratchBuffers"/>), one recv per datagram.
/// The same socket joins multicast groups and reads the kernel's notifications (NetlinkSocket.Multicast.cs).
/// </summary>
public sealed partial class NetlinkSocket : IDisposable
{
    /// <summary>The receive (and send) buffer a socket asks for.</summary>
    public const int DefaultBufferBytes = 8 * 1024 * 1024;

    private const int MaxDumpAttempts = 8;
    private readonly FileDescriptor _fd;
    private readonly object _gate = new();
    // Lent by ScratchBuffers for the length of one request (under the lock), so an idle socket holds no buffers.
    private NetlinkWriter _writer = null!;
    private uint _sequence;

    private NetlinkSocket(FileDescriptor fd, NetlinkProtocol protocol)
    {
        _fd = fd;
        Protocol = protocol;
        _sequence = (uint)Environment.TickCount;
    }

    public NetlinkProtocol Protocol { get; }

    /// <summary>Opens a socket in the calling thread's current network namespace.</summary>
    /// <param name="protocol">The netlink family.</param>
    /// <param name="receiveBufferBytes">The receive buffer to ask for (a subscription's room for a burst of notifications).</param>
    public static NetlinkSocket Open(NetlinkProtocol protocol, int receiveBufferBytes = DefaultBufferBytes)
    {
        var fd = FileDescriptor.OpenSocket(Sys.AF_NETLINK, Sys.SOCK_RAW, (int)protocol, "open netlink socket");
        try
        {
            SetOption(fd, Sys.SOL_NETLINK, Sys.NETLINK_EXT_ACK, 1);
            SetOption(fd, Sys.SOL_NETLINK, Sys.NETLINK_CAP_ACK, 1);
            // Large batches are answered by one ACK each; a roomy receive buffer keeps them from
            // being dropped (ENOBUFS). FORCE needs CAP_NET_ADMIN, which we need anyway.
            Sys.SetReceiveBuffer(fd, receiveBufferBytes);
            if (Sys.SetSockOpt(fd, Sys.SOL_SOCKET, Sys.SO_SNDBUFFORCE, DefaultBufferBytes, sizeof(int)) < 0)
                Sys.SetSockOpt(fd, Sys.SOL_SOCKET, Sys.SO_SNDBUF, DefaultBufferBytes, sizeof(int));
            // Port id 0: the kernel picks a unique one; replies are matched by sequence number, not port.
            var address = new Sys.SockaddrNl { Family = Sys.AF_NETLINK };
            Sys.ThrowIfFailed(Sys.Bind(fd, address, 12), "bind netlink socket");
            return new NetlinkSocket(fd, protocol);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    private static void SetOption(FileDescriptor fd, int level, int name, int value) =>
        Sys.ThrowIfFailed(Sys.SetSockOpt(fd, level, name, value, sizeof(int)), "configure netlink socket");

    /// <summary>
    /// The request lock. Parse callbacks run while it is held; the lock is reentrant, so a callback that used
    /// this socket would interleave a second request into the answers of the first and corrupt both. Refuse it.
    /// </summary>
    private object Gate => Monitor.IsEntered(_gate)
        ? throw new InvalidOperationException(
            "A netlink socket was used from inside one of its own reply or parse callbacks. Collect what the callback needs, and make the next request after the current one has returned.")
        : _gate;

    /// <summary>Sends one request and waits for its ACK; data replies (if any) go to <paramref name="onReply"/>.</summary>
    public void Execute(ushort type, NetlinkFlags flags, MessageBody body, string operation, string? target = null,
        MessageHandler? onReply = null)
    {
        lock (Gate)
        {
            _writer = ScratchBuffers.RentWriter();
            try
            {
                uint seq = NextSequence();
                _writer.BeginMessage(type, flags | NetlinkFlags.Request | NetlinkFlags.Ack, seq);
                body(_writer);
                _writer.EndMessage();
                var requests = new[] { new PendingRequest(seq, operation, target, Answer.Ack) };
                Exchange(requests, onReply, out _);
            }
            finally { ReturnWriter(); }
        }
    }

    /// <summary>
    /// Sends one non-dump GET without NLM_F_ACK and waits for its one answer: the reply (to <paramref name="onReply"/>)
    /// or the error. One datagram back instead of a reply and an ACK.
    /// </summary>
    public void Get(ushort type, NetlinkFlags flags, MessageBody body, string operation, string? target, MessageHandler onReply)
    {
        lock (Gate)
        {
            _writer = ScratchBuffers.RentWriter();
            try
            {
                uint seq = NextSequence();
                _writer.BeginMessage(type, flags | NetlinkFlags.Request, seq);
                body(_writer);
                _writer.EndMessage();
                var requests = new[] { new PendingRequest(seq, operation, target, Answer.Reply) };
                Exchange(requests, onReply, out _);
            }
            finally { ReturnWriter(); }
        }
    }

    /// <summary>Dumps a table (links, addresses, routes ...), retrying when the kernel reports the dump was interrupted by a change.</summary>
    public List<T> Dump<T>(ushort type, MessageBody body, MessageParser<T> parse, string operation, NetlinkFlags extraFlags = NetlinkFlags.None)
    {
        lock (Gate)
        {
            _writer = ScratchBuffers.RentWriter();
            try
            {
                var results = new List<T>();
                for (int attempt = 1; ; attempt++)
                {
                    results.Clear();
                    _writer.Reset();
                    uint seq = NextSequence();
                    _writer.BeginMessage(type, NetlinkFlags.Request | NetlinkFlags.Dump | extraFlags, seq);
                    body(_writer);
                    _writer.EndMessage();
                    var requests = new[] { new PendingRequest(seq, operation, null, Answer.Ack) };
                    bool interrupted;
                    try
                    {
                        Exchange(requests, (in NetlinkMessage m) =>
                        {
                            var item = parse(m);
                            if (item is not null) results.Add(item);
                        }, out interrupted);
                    }
                    catch (TruncatedReplyException) when (attempt < MaxDumpAttempts)
                    {
                        interrupted = true; // a datagram was larger than the buffer: dump again, into the bigger one
                    }
                    if (!interrupted) return results;
                    if (attempt == MaxDumpAttempts)
                        throw new NetOperationException(NetErrorKind.Busy,
                            $"Cannot {operation}: the table kept changing during {MaxDumpAttempts} dumps (NLM_F_DUMP_INTR).", operation: operation);
                }
            }
            finally { ReturnWriter(); }
        }
    }

    private void ReturnWriter()
    {
        ScratchBuffers.Return(_writer);
        _writer = null!;
    }

    /// <summary>
    /// Sends many requests in one system call and then collects all their answers. Used to
    /// pipeline rtnetlink requests and for nfnetlink transactions (BATCH_BEGIN ... BATCH_END).
    /// The first failure is thrown after every answer has been read, so the socket stays clean.
    /// </summary>
    public void ExecuteBatch(Action<BatchBuilder> build)
    {
        lock (Gate)
        {
            _writer = ScratchBuffers.RentWriter();
            try
            {
                var builder = new BatchBuilder(this);
                build(builder);
                if (builder.Requests.Count == 0) return;
                int lastAck = builder.Requests.FindLastIndex(r => r.Answer is Answer.Ack or Answer.Reply);
                if (builder.Requests.FindLastIndex(r => r.Answer == Answer.OnError) > lastAck)
                    throw new InvalidOperationException("A batch must end with an acknowledged request after its error-only ones, or its end cannot be seen.");
                Exchange(builder.Requests, null, out _);
            }
            finally { ReturnWriter(); }
        }
    }

    /// <summary>
    /// Like <see cref="ExecuteBatch"/> (all requests in one send, then all answers), but nothing is thrown for a
    /// failed request: the result holds one entry per request added, in order, null for success or its error.
    /// Every request must be acknowledged (<see cref="BatchBuilder.Add"/>), so each one's outcome is known.
    /// </summary>
    public IReadOnlyList<NetOperationException?> ExecuteEach(Action<BatchBuilder> build) => ExecuteEach(build, null);

    /// <summary>
    /// As <see cref="ExecuteEach(Action{BatchBuilder})"/>, with data replies (a GET pipelined after a change, to read
    /// the result back in the same send) going to <paramref name="onReply"/>.
    /// </summary>
    public IReadOnlyList<NetOperationException?> ExecuteEach(Action<BatchBuilder> build, MessageHandler? onReply)
    {
        lock (Gate)
        {
            _writer = ScratchBuffers.RentWriter();
            try
            {
                var builder = new BatchBuilder(this);
                build(builder);
                if (builder.Requests.Count == 0) return [];
                if (builder.Requests.Any(r => r.Answer is not (Answer.Ack or Answer.Reply)))
                    throw new InvalidOperationException("ExecuteEach needs an answer to every request.");
                var outcomes = new NetOperationException?[builder.Requests.Count];
                Exchange(builder.Requests, onReply, out _, outcomes);
                return outcomes;
            }
            finally { ReturnWriter(); }
        }
    }

    /// <summary>Collects messages for one <see cref="ExecuteBatch"/> call.</summary>
    public sealed class BatchBuilder
    {
        private readonly NetlinkSocket _socket;
        internal readonly List<PendingRequest> Requests = new();

        internal BatchBuilder(NetlinkSocket socket) => _socket = socket;

        public NetlinkWriter Writer => _socket._writer;

        /// <summary>Adds a request that the kernel acknowledges.</summary>
        public uint Add(ushort type, NetlinkFlags flags, MessageBody body, string operation, string? target = null) =>
            Append(type, flags | NetlinkFlags.Request | NetlinkFlags.Ack, body, operation, target, Answer.Ack);

        /// <summary>
        /// Adds a non-dump GET (one reply message) without NLM_F_ACK: the reply or the error is its answer, which
        /// saves the kernel a separate ACK datagram and us a receive. Its reply goes to the exchange's data handler.
        /// </summary>
        public uint AddGet(ushort type, NetlinkFlags flags, MessageBody body, string operation, string? target = null) =>
            Append(type, flags | NetlinkFlags.Request, body, operation, target, Answer.Reply);

        /// <summary>
        /// Adds a request without NLM_F_ACK: the kernel answers it only if it fails. For batches of thousands of
        /// requests, where one ACK each would only fill the receive buffer. An acknowledged request must follow
        /// (the kernel answers in order, so its ACK means every earlier error has arrived).
        /// </summary>
        public uint AddErrorsOnly(ushort type, NetlinkFlags flags, MessageBody body, string operation, string? target = null) =>
            Append(type, flags | NetlinkFlags.Request, body, operation, target, Answer.OnError);

        /// <summary>Adds a message that gets no ACK (nfnetlink batch begin/end markers); an error on it refuses the whole batch.</summary>
        public uint AddUnacknowledged(ushort type, NetlinkFlags flags, MessageBody body, string operation) =>
            Append(type, flags | NetlinkFlags.Request, body, operation, null, Answer.None);

        private uint Append(ushort type, NetlinkFlags flags, MessageBody body, string operation, string? target, Answer answer)
        {
            uint seq = _socket.NextSequence();
            Writer.BeginMessage(type, flags, seq);
            body(Writer);
            Writer.EndMessage();
            Requests.Add(new PendingRequest(seq, operation, target, answer));
            return seq;
        }
    }

    /// <summary>What the kernel sends back for a request: always an ACK (or error), only an error, or nothing but a batch-wide refusal.</summary>
    /// <remarks>Reply: a non-dump GET sent without NLM_F_ACK, answered by exactly one message, its reply or its error (one datagram instead of two).</remarks>
    internal enum Answer { Ack, OnError, None, Reply }

    internal readonly record struct PendingRequest(uint Sequence, string Operation, string? Target, Answer Answer);

    private uint NextSequence()
    {
        _sequence++;
        if (_sequence == 0) _sequence = 1;
        return _sequence;
    }

    /// <summary>Sends what the writer holds and reads every answer to <paramref name="requests"/>; data messages go to <paramref name="onData"/>.</summary>
    /// <param name="requests">The requests in the writer, in order.</param>
    /// <param name="onData">Receives data messages (replies, dump entries).</param>
    /// <param name="interrupted">Set when a dump reported NLM_F_DUMP_INTR.</param>
    /// <param name="outcomes">When given (one slot per request), each request's error goes to its slot and nothing is thrown for them.</param>
    private unsafe void Exchange(IReadOnlyList<PendingRequest> requests, MessageHandler? onData, out bool interrupted,
        NetOperationException?[]? outcomes = null)
    {
        interrupted = false;
        SendAll(_writer.Written);

        var bySequence = new Dictionary<uint, int>(requests.Count);
        int outstanding = 0;
        for (int i = 0; i < requests.Count; i++)
        {
            bySequence[requests[i].Sequence] = i;
            if (requests[i].Answer is Answer.Ack or Answer.Reply) outstanding++;
        }

        NetOperationException? firstError = null;
        int errorCount = 0;
        bool lost = false;
        int truncatedSize = 0;
        var replied = new HashSet<int>(); // Reply requests already answered
        // A callback that fails (a malformed message, a bug) stops getting messages, but the answers are still read
        // to the end, so the next request does not find this one's leftovers; then its exception is thrown.
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? callbackFailure = null;
        var buffer = ScratchBuffers.RentReceive();
        try
        {
            while (outstanding > 0 || lost || truncatedSize > 0)
            {
                // After ENOBUFS (or a datagram too big for the buffer) the end cannot be seen: read (and check) what is
                // queued without waiting, then report.
                bool wait = !lost && truncatedSize == 0;
                int length;
                fixed (byte* p = buffer) length = ReceiveDatagram(p, buffer.Length, Sys.MSG_TRUNC | (wait ? 0 : Sys.MSG_DONTWAIT), "receive netlink reply");
                if (length == Lost) { lost = true; continue; }
                if (length == 0) break;
                if (length > buffer.Length)
                {
                    // The kernel dropped the part that did not fit. Rare (the buffer holds any dump datagram); next time the buffer is big enough.
                    truncatedSize = Math.Max(truncatedSize, length);
                    ScratchBuffers.Return(buffer);
                    buffer = ScratchBuffers.RentReceive(length);
                    continue;
                }
                foreach (var message in new NetlinkMessageIterator(buffer.AsSpan(0, length)))
                {
                    if (!bySequence.TryGetValue(message.Sequence, out int index)) continue; // stale reply of an abandoned request
                    var request = requests[index];
                    switch (message.Type)
                    {
                        case NetlinkMessageType.Error:
                            if (request.Answer == Answer.Ack || (request.Answer == Answer.Reply && replied.Add(index))) outstanding--;
                            if (message.Payload.Length < 4)
                            {
                                errorCount++;
                                firstError ??= new MalformedMessageException("netlink acknowledgement", $"it has {message.Payload.Length} bytes, fewer than the 4 of its error code");
                                break;
                            }
                            var errno = (Errno)(-BinaryPrimitives.ReadInt32LittleEndian(message.Payload));
                            if (errno != Errno.None && outcomes is not null)
                            {
                                outcomes[index] = ErrnoMapper.FromErrno(errno, request.Operation, request.Target, KernelText(message));
                            }
                            else if (errno != Errno.None)
                            {
                                errorCount++;
                                firstError ??= ErrnoMapper.FromErrno(errno, request.Operation, request.Target, KernelText(message));
                                if (request.Answer == Answer.None) outstanding = 0; // the whole transaction was refused
                            }
                            break;
                        case NetlinkMessageType.Done:
                            if (request.Answer == Answer.Ack) outstanding--;
                            if (message.Payload.Length >= 4 && BinaryPrimitives.ReadInt32LittleEndian(message.Payload) is < 0 and var doneError)
                            {
                                errorCount++;
                                firstError ??= ErrnoMapper.FromErrno((Errno)(-doneError), request.Operation, request.Target, null);
                            }
                            if ((message.Flags & NetlinkFlags.DumpInterrupted) != 0) interrupted = true;
                            break;
                        case NetlinkMessageType.Noop:
                        case NetlinkMessageType.Overrun:
                            break;
                        default:
                            if (request.Answer == Answer.Reply && replied.Add(index)) outstanding--;
                            if ((message.Flags & NetlinkFlags.DumpInterrupted) != 0) interrupted = true;
                            if (onData is null || callbackFailure is not null) break;
                            try { onData(message); }
                            catch (Exception e) { callbackFailure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e); }
                            break;
                    }
                }
            }

        }
        finally { ScratchBuffers.Return(buffer); }

        if (lost) throw LostAnswers(requests, firstError, errorCount);
        if (truncatedSize > 0) throw new TruncatedReplyException(requests[0].Operation, truncatedSize);
        callbackFailure?.Throw();
        if (firstError is not null)
        {
            if (errorCount > 1)
                throw new NetOperationException(firstError.Kind, firstError.Message + $" ({errorCount - 1} more request(s) in the same batch failed too.)",
                    firstError.ErrnoCode, firstError.KernelMessage, firstError.Operation, firstError.Target);
            throw firstError;
        }
    }

    /// <summary>The extended-ACK text; an unreadable one is dropped, because the errno is what the caller must see.</summary>
    private static string? KernelText(in NetlinkMessage message)
    {
        try { return ReadExtendedAck(message); }
        catch (MalformedMessageException) { return null; }
    }

    /// <summary>
    /// Reads the NLMSGERR_ATTR_MSG text of an extended ACK (struct nlmsgerr: int error, the echoed request
    /// header, the echoed request unless NLM_F_CAPPED, then attributes), if the kernel sent one.
    /// </summary>
    internal static string? ReadExtendedAck(in NetlinkMessage message)
    {
        if ((message.Flags & NetlinkFlags.AckTlvs) == 0) return null;
        var payload = message.Payload;
        if (payload.Length < 4 + NetlinkLayout.HeaderSize)
            throw new MalformedMessageException("extended acknowledgement", $"it has {payload.Length} bytes, fewer than an error code and a header");
        long embedded = (message.Flags & NetlinkFlags.Capped) != 0
            ? NetlinkLayout.HeaderSize
            : BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]);
        if (embedded < NetlinkLayout.HeaderSize || embedded > payload.Length - 4)
            throw new MalformedMessageException("extended acknowledgement", $"it echoes a request of {embedded} bytes in {payload.Length - 4}");
        int offset = 4 + NetlinkLayout.Align((int)embedded);
        if (offset >= payload.Length) return null;
        var reader = new AttributeReader(payload[offset..]);
        string? text = null;
        while (reader.Next())
            if (reader.Type == NlmsgerrAttr.Msg) text ??= reader.String();
        reader.ThrowIfMalformed("extended acknowledgement");
        return text;
    }

    private unsafe void SendAll(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            while (true)
            {
                nint sent = Sys.Send(_fd, p, data.Length, 0);
                if (sent >= 0) return;
                var errno = Sys.LastErrno();
                if (errno == Errno.EINTR) continue;
                if (errno == Errno.EMSGSIZE) // larger than the socket's send buffer
                    throw new NetOperationException(NetErrorKind.ResourceExhausted,
                        $"Cannot send netlink request: {data.Length} bytes in one batch is more than the kernel accepts in one message (EMSGSIZE); send fewer requests at once.",
                        errno, null, "send netlink request");
                throw ErrnoMapper.FromErrno(errno, "send netlink request", null, null);
            }
        }
    }

    /// <summary>
    /// The receive buffer overflowed (ENOBUFS) and the kernel dropped answers, so the end of this exchange could not be
    /// seen. The kernel queues all answers to non-dump requests before send returns, so what was left has been read
    /// without waiting and the socket is clean for the next request.
    /// </summary>
    private static NetOperationException LostAnswers(IReadOnlyList<PendingRequest> requests, NetOperationException? firstError, int errorCount)
    {
        var first = requests.FirstOrDefault(r => r.Answer != Answer.None, requests[0]);
        string operation = first.Operation;
        return new NetOperationException(NetErrorKind.ResourceExhausted,
            $"Cannot {operation}: the kernel's answers to {requests.Count} request(s) overflowed the netlink receive buffer (ENOBUFS), " +
            "so some were lost and the outcome is unknown; send fewer requests at once." +
            (firstError is null ? "" : $" Of the answers that arrived, {errorCount} were errors; the first: {firstError.Message}"),
            Errno.ENOBUFS, firstError?.KernelMessage, operation, first.Target);
    }

    /// <summary>What <see cref="ReceiveDatagram"/> returns when the kernel reports it dropped answers (ENOBUFS).</summary>
    private const int Lost = -1;

    /// <summary>
    /// Receives (or with MSG_PEEK looks at) one datagram with one system call, for replies and notifications alike.
    /// With MSG_TRUNC the kernel returns the datagram's real size, so a result larger than <paramref name="length"/>
    /// means it did not fit (and, unless peeking, the rest of it is gone). Returns <see cref="Lost"/> after ENOBUFS
    /// (the kernel remembers an overrun on the socket and reports it once, to the next receive); with MSG_DONTWAIT,
    /// 0 when nothing is queued. Any other errno is thrown, named by <paramref name="operation"/>.
    /// </summary>
    private unsafe int ReceiveDatagram(byte* buffer, int length, int flags, string operation)
    {
        while (true)
        {
            nint received = Sys.Recv(_fd, buffer, length, flags);
            if (received >= 0) return (int)received;
            var errno = Sys.LastErrno();
            if (errno == Errno.EINTR) continue;
            if (errno == Errno.ENOBUFS) return Lost;
            if (errno == Errno.EAGAIN && (flags & Sys.MSG_DONTWAIT) != 0) return 0;
            throw ErrnoMapper.FromErrno(errno, operation, null, null);
        }
    }

    public void Dispose() => _fd.Dispose();
}

/// <summary>
/// A reply datagram was larger than the receive buffer, so part of it was lost. A dump is simply repeated (the
/// buffer has grown meanwhile); for other requests this is the error the caller sees.
/// </summary>
public sealed class TruncatedReplyException : NetOperationException
{
    internal TruncatedReplyException(string operation, int size)
        : base(NetErrorKind.ResourceExhausted,
            $"Cannot {operation}: the kernel's reply of {size} bytes was larger than the receive buffer and was cut off; the request may have been carried out. Try again: the buffer has grown to fit.",
            Errors.Errno.EMSGSIZE, null, operation)
    {
    }
}
