namespace LinuxNetPS.Model;

/// <summary>
/// Windows' PrefixOrigin values, so that -PrefixOrigin takes the same words. Linux addresses are Manual, WellKnown or
/// RouterAdvertisement (see <see cref="NetAddress.PrefixOrigin"/>); Dhcp and Other are accepted and match nothing.
/// </summary>
public enum PrefixOrigin
{
    Other,
    Manual,
    WellKnown,
    Dhcp,
    RouterAdvertisement,
}
