from socket import *
import sys
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8080  # jstruct: port from argv
udp_ss=socket(AF_INET,SOCK_DGRAM)
udp_ss.bind(('127.0.0.1',PORT))
while True:
    msg,addr=udp_ss.recvfrom(1024)
    print(msg,addr)
    udp_ss.sendto(msg.upper(),addr)
