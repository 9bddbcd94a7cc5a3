# Two hosts on one link, one end shaped like Mininet's TCLink(delay='100ms', loss=1): every packet a sends waits
# 100 ms and 1% of them are dropped, so a ping from a (or to a) takes about 100 ms. Keys on the link itself
# (Delay = '100ms' next to Endpoints) would shape both ends, as TCLink does: 200 ms round trips.
# Needs the kernel's sch_netem.
@{
    Name  = 'impaired'
    Nodes = @{ a = @{}; b = @{} }
    Links = @(
        @{
            Endpoints = @(
                @{ Node = 'a'; Interface = 'eth0'; Delay = '100ms'; Loss = '1%' }
                'b:eth0'
            )
            Pool      = '10.50.0.0/30'
        }
    )
}
