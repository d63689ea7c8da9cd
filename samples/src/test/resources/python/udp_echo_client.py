from socket import *
import sys
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8080  # jstruct: port from argv
udp_cs=socket(AF_INET,SOCK_DGRAM)
while True:
    msg=input('>>: ').strip()
    if not msg:continue
    udp_cs.sendto(msg.encode('utf-8'),('127.0.0.1',PORT))
    msg,addr=udp_cs.recvfrom(1024)
    print(msg.decode('utf-8'),addr)
