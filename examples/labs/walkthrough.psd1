# The walkthrough 000 topology: red and green on a bridge in a host node.
# The host's bridge has the gateway address and hands out the others from its pool.
@{
    Name  = 'walkthrough'
    Nodes = @{
        host  = @{
            Bridges    = @{ br0 = @{ Address = '10.0.0.1/24'; Pool = '10.0.0.0/24' } }
            Forwarding = $true
        }
        red   = @{ DefaultRoute = '10.0.0.1' }
        green = @{ DefaultRoute = '10.0.0.1' }
    }
    Links = @(
        @{ Endpoints = 'red:eth0', 'host:br0' }
        @{ Endpoints = 'green:eth0', 'host:br0' }
    )
}
