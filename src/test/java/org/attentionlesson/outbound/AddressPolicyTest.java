package org.attentionlesson.outbound;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {
    private static final AddressPolicy STRICT = AddressPolicy.strict();

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.255.255.254",
                "10.0.0.1",
                "10.255.1.2",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "169.254.169.254",
                "100.64.0.1",
                "0.0.0.0",
                "0.1.2.3",
                "224.0.0.1",
                "239.255.255.250",
                "255.255.255.255",
                "240.0.0.1",
                "192.0.0.8",
                "198.18.0.1",
                "::1",
                "::",
                "fe80::1",
                "fc00::1",
                "fd12:3456::1",
                "fec0::1",
                "ff02::1",
                "::ffff:127.0.0.1",
                "::ffff:10.0.0.1",
                "::ffff:169.254.169.254",
                "::127.0.0.1",
                "64:ff9b::a00:1",
                "64:ff9b::7f00:1",
                "2002:7f00:1::1",
                "2002:a00:1::",
                "2001:0:4136:e378::1"
            })
    void nonPublicAddressesAreRefusedByDefault(String literal) throws Exception {
        assertFalse(STRICT.allows(ip(literal)), literal);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "8.8.8.8",
                "1.1.1.1",
                "172.15.255.255",
                "172.32.0.1",
                "192.169.0.1",
                "100.128.0.1",
                "169.253.255.255",
                "2606:4700:4700::1111",
                "2a00:1450:4001::200e",
                "::ffff:8.8.8.8",
                "64:ff9b::808:808",
                "2002:808:808::1"
            })
    void publicAddressesAreAllowed(String literal) throws Exception {
        assertTrue(STRICT.allows(ip(literal)), literal);
    }

    @Test
    void javaReadsDecimalAndShortFormsAsTheAddressTheyMeanAndThatAddressIsJudged() throws Exception {
        // Whatever text form reaches the resolver, the policy judges the address that comes out of it, which is
        // the one connected to (OutboundPolicy's resolver). Forms Java does not read as numbers are names.
        for (String form : new String[] {"2130706433", "127.1", "127.0.1"}) {
            InetAddress a;
            try {
                a = InetAddress.getByName(form);
            } catch (UnknownHostException e) {
                continue; // not read as an address here: then it is a name that does not resolve
            }
            assertFalse(STRICT.allows(a), form + " → " + a);
        }
        assertThrows(
                UnknownHostException.class,
                () -> OutboundPolicyTest.resolveStrict("0x7f000001"),
                "hex is a name to Java; it does not resolve");
    }

    @Test
    void trueAllowsEveryNonPublicAddressButNeverUnspecifiedOrMulticast() throws Exception {
        AddressPolicy all = AddressPolicy.parse("true");
        assertTrue(all.allows(ip("127.0.0.1")));
        assertTrue(all.allows(ip("10.1.2.3")));
        assertTrue(all.allows(ip("::1")));
        assertFalse(all.allows(ip("0.0.0.0")));
        assertFalse(all.allows(ip("::")));
        assertFalse(all.allows(ip("224.0.0.1")));
        assertFalse(all.allows(ip("ff02::1")));
    }

    @Test
    void cidrListAllowsOnlyTheListedRanges() throws Exception {
        AddressPolicy some = AddressPolicy.parse("10.20.0.0/16, fd00:1::/64 127.0.0.1/32");
        assertTrue(some.allows(ip("10.20.5.6")));
        assertFalse(some.allows(ip("10.21.0.1")));
        assertTrue(some.allows(ip("fd00:1::5")));
        assertFalse(some.allows(ip("fd00:2::5")));
        assertTrue(some.allows(ip("127.0.0.1")));
        assertTrue(some.allows(ip("::ffff:127.0.0.1")), "the mapped form of an allowed address");
        assertFalse(some.allows(ip("127.0.0.2")));
        assertTrue(some.allows(ip("8.8.8.8")), "public addresses stay allowed");
        assertFalse(some.allows(ip("169.254.169.254")));
    }

    @Test
    void falseAndEmptyAreStrictAndBadRangesAreRefusedAtStart() throws Exception {
        assertFalse(AddressPolicy.parse("false").allows(ip("127.0.0.1")));
        assertFalse(AddressPolicy.parse("").allows(ip("10.0.0.1")));
        assertFalse(AddressPolicy.parse(null).allows(ip("::1")));
        assertThrows(IllegalArgumentException.class, () -> AddressPolicy.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> AddressPolicy.parse("intranet.example.edu/24"));
        assertThrows(IllegalArgumentException.class, () -> AddressPolicy.parse("10.0.0/8"));
    }
}
