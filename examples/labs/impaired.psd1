# Two hosts on one link shaped like Mininet's TCLink(delay='100ms', loss=1): every packet waits 100 ms
# on each end it leaves, and 1% of them are dropped.
@{
    Name  = 'impaired'
    Nodes = @{ a = @{}; b = @{} }
    Links = @(
        @{ Endpoints = 'a:eth0', 'b:eth0'; Pool = '10.50.0.0/30'; Delay = '100ms'; Loss = '1%' }
    )
}
