from socket import *
import sys
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8080  # jstruct: port from argv
phone=socket(AF_INET,SOCK_STREAM)
phone.setsockopt(SOL_SOCKET,SO_REUSEADDR,1)
phone.bind(('127.0.0.1',PORT))
phone.listen(5)
conn,client_addr=phone.accept()
data1=conn.recv(1024)
print('data1: ',data1)
data2=conn.recv(1024)
print('data2:',data2)
