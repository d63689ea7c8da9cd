from socket import *
import sys
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8081  # jstruct: port from argv
udp_cs = socket(AF_INET,SOCK_DGRAM)
while True :
    msg = input('请输入消息,回车发送: ').strip()
    if msg == 'quit' : break
    if not msg : continue
    udp_cs.sendto(msg.encode('utf-8'),('127.0.0.1',PORT))
    back_msg,addr = udp_cs.recvfrom(1024)
    print('来自[%s]的一条消息:%s' %(addr,back_msg.decode('utf-8')))
udp_cs.close()
